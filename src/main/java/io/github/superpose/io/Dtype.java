package io.github.superpose.io;

import java.util.Locale;

/**
 * The element types {@link NdArray} supports, with their numpy and safetensors names.
 *
 * <p>Package-private: the public API speaks numpy's strings ({@code "f4"}), this enum keeps the
 * item sizes and name mappings in one table.
 */
enum Dtype {
    F2("f2", 2, "F16", true),
    F4("f4", 4, "F32", true),
    F8("f8", 8, "F64", true),
    I4("i4", 4, "I32", false),
    I8("i8", 8, "I64", false),
    U1("u1", 1, "U8", false),
    B1("b1", 1, "BOOL", false);

    /** The numpy codes, for error messages. */
    static final String NUMPY_CODES = "f2, f4, f8, i4, i8, u1, b1";

    final String code;
    final int itemSize;
    final String safetensorsName;
    final boolean floating;

    Dtype(String code, int itemSize, String safetensorsName, boolean floating) {
        this.code = code;
        this.itemSize = itemSize;
        this.safetensorsName = safetensorsName;
        this.floating = floating;
    }

    /** The dtype for a numpy code such as {@code "f4"}, or null if unsupported. */
    static Dtype ofCode(String code) {
        for (Dtype d : values()) {
            if (d.code.equals(code)) {
                return d;
            }
        }
        return null;
    }

    /** As {@link #ofCode}, throwing a message that lists the supported codes. */
    static Dtype require(String code) {
        Dtype d = ofCode(code);
        if (d == null) {
            throw new IllegalArgumentException("unsupported dtype '" + code + "'; expected one of " + NUMPY_CODES);
        }
        return d;
    }

    /** numpy's descr for this dtype in a little-endian file, e.g. {@code "<f4"} or {@code "|u1"}. */
    String littleEndianDescr() {
        return (itemSize == 1 ? "|" : "<") + code;
    }

    @Override
    public String toString() {
        return code.toUpperCase(Locale.ROOT);
    }
}

package io.github.superpose.io;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes numpy {@code .npz} archives: a zip of {@code NAME.npy} entries.
 *
 * <p>Writes are deterministic (entries in map order, all stamped 1980-01-01 00:00, no extra
 * fields), so equal data gives byte-identical files, and atomic. Reads refuse path-like entry
 * names, non-npy entries, duplicates, and archives whose entries would inflate beyond a limit.
 *
 * <p>Usage: {@code Map<String, NdArray> arrays = Npz.read(Path.of("acts.npz"));}
 */
public final class Npz {
    /** Default cap on the total uncompressed size of an archive's entries: 4 GiB. */
    public static final long DEFAULT_MAX_TOTAL_BYTES = 4L << 30;

    private static final int MAX_ENTRIES = 100_000;
    // DOS time starts in 1980; a fixed local time keeps bytes independent of the clock and zone.
    private static final LocalDateTime EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

    private Npz() {}

    /** Writes {@code arrays} uncompressed, like {@code numpy.savez}. */
    public static void write(Path path, Map<String, NdArray> arrays) throws IOException {
        write(path, arrays, false);
    }

    /** Writes {@code arrays} deflated, like {@code numpy.savez_compressed}. */
    public static void writeCompressed(Path path, Map<String, NdArray> arrays) throws IOException {
        write(path, arrays, true);
    }

    /**
     * Writes {@code arrays} atomically, entry {@code k.npy} per key in iteration order.
     * Usage: {@code Npz.write(p, Map.of("W", w), true);}
     */
    public static void write(Path path, Map<String, NdArray> arrays, boolean compressed) throws IOException {
        for (String name : arrays.keySet()) {
            // Same rule as reading, so every archive we write can be read back.
            String problem = name.isEmpty() ? "is empty" : nameProblem(name + ".npy");
            if (problem != null) {
                throw new IllegalArgumentException("array name '" + name + "' " + problem);
            }
        }
        AtomicFiles.writeAtomically(path, out -> writeZip(out, arrays, compressed));
    }

    /**
     * Writes {@code arrays} as an npz archive to a stream the caller owns (not closed), for callers
     * that manage their own atomic file. Usage: {@code Npz.writeTo(out, arrays, false);}
     */
    public static void writeTo(OutputStream out, Map<String, NdArray> arrays, boolean compressed) throws IOException {
        for (String name : arrays.keySet()) {
            String problem = nameProblem(name);
            if (problem != null) {
                throw new IllegalArgumentException("array name '" + name + "' " + problem);
            }
        }
        writeZip(out, arrays, compressed);
    }

    private static void writeZip(OutputStream out, Map<String, NdArray> arrays, boolean compressed) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
            ByteArrayOutputStream npy = new ByteArrayOutputStream();
            Npy.write(npy, e.getValue());
            byte[] bytes = npy.toByteArray();
            ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
            entry.setTimeLocal(EPOCH);
            if (!compressed) {
                // STORED entries need size and CRC up front; this also avoids data descriptors.
                CRC32 crc = new CRC32();
                crc.update(bytes);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(bytes.length);
                entry.setCompressedSize(bytes.length);
                entry.setCrc(crc.getValue());
            } else {
                entry.setMethod(ZipEntry.DEFLATED);
            }
            zip.putNextEntry(entry);
            zip.write(bytes);
            zip.closeEntry();
        }
        zip.finish(); // not close(): the caller owns `out`
    }

    /** Reads every array, keyed by entry name without {@code .npy}, in archive order. */
    public static LinkedHashMap<String, NdArray> read(Path path) throws IOException {
        return read(path, DEFAULT_MAX_TOTAL_BYTES);
    }

    /**
     * As {@link #read(Path)}, refusing archives whose entries claim more than
     * {@code maxTotalBytes} uncompressed. Usage: {@code Npz.read(p, 1L << 30)}.
     */
    public static LinkedHashMap<String, NdArray> read(Path path, long maxTotalBytes) throws IOException {
        String src = path.toString();
        try (ZipFile zip = open(path, src)) {
            List<ZipEntry> entries = checkedEntries(zip, src, maxTotalBytes);
            LinkedHashMap<String, NdArray> out = new LinkedHashMap<>();
            for (ZipEntry e : entries) {
                String name = e.getName();
                String entrySrc = src + "!" + name;
                // ZipFile checks no CRC-32 when reading (ZipInputStream would, for deflated entries only):
                // without this check a flipped bit in a stored float reads back as a different number.
                try (CheckedInputStream in = new CheckedInputStream(zip.getInputStream(e), new CRC32())) {
                    NdArray a = Npy.read(in, entrySrc, e.getSize());
                    in.transferTo(OutputStream.nullOutputStream());
                    if (e.getCrc() != -1 && in.getChecksum().getValue() != e.getCrc()) {
                        throw new FormatException(entrySrc, "CRC-32 mismatch: the file is corrupted");
                    }
                    out.put(name.substring(0, name.length() - 4), a);
                } catch (FormatException ex) {
                    throw ex;
                } catch (IOException | IllegalArgumentException ex) {
                    // Inflating a corrupt entry fails with ZipException, EOFException and the like.
                    throw new FormatException(entrySrc, "corrupt zip entry: " + ex.getMessage(), ex);
                }
            }
            return out;
        } catch (ZipException | IllegalArgumentException e) {
            // ZipFile reports a bad central directory or undecodable name this way.
            throw new FormatException(src, "not a valid zip archive: " + e.getMessage(), e);
        }
    }

    // ZipFile reports a corrupt end record or central directory as ZipException or EOFException;
    // only a missing or unreadable file is an I/O problem rather than a format problem.
    private static ZipFile open(Path path, String src) throws IOException {
        Files.size(path); // NoSuchFileException / AccessDeniedException pass through unchanged
        try {
            return new ZipFile(path.toFile());
        } catch (FileNotFoundException e) {
            throw e;
        } catch (IOException e) {
            throw new FormatException(src, "not a valid zip archive: " + e.getMessage(), e);
        }
    }

    // Validates names and claimed sizes of every entry before any entry is inflated.
    private static List<ZipEntry> checkedEntries(ZipFile zip, String src, long maxTotalBytes) throws FormatException {
        List<ZipEntry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long total = 0;
        Enumeration<? extends ZipEntry> en = zip.entries();
        while (en.hasMoreElements()) {
            ZipEntry e = en.nextElement();
            String name = e.getName();
            if (!name.endsWith(".npy")) {
                throw new FormatException(src, "entry '" + name + "' is not an .npy file");
            }
            // Check the whole entry name too: "..npy" hides ".." across the suffix boundary.
            String problem = name.equals(".npy") ? "has an empty array name" : nameProblem(name);
            if (problem != null) {
                throw new FormatException(src, "entry name '" + name + "' " + problem);
            }
            if (!seen.add(name)) {
                throw new FormatException(src, "duplicate entry '" + name + "'");
            }
            if (seen.size() > MAX_ENTRIES) {
                throw new FormatException(src, "more than " + MAX_ENTRIES + " entries");
            }
            long size = e.getSize();
            if (size < 0 || size > maxTotalBytes - total) {
                throw new FormatException(
                        src,
                        "entries expand to more than the limit of " + maxTotalBytes + " bytes (possible zip bomb) at '"
                                + name + "'");
            }
            total += size;
            entries.add(e);
        }
        return entries;
    }

    /** Why {@code name} cannot be an array name (null if it can): it must not act as a path. */
    static String nameProblem(String name) {
        if (name.isEmpty()) {
            return "is empty";
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            return "contains a path separator";
        }
        if (name.contains("..")) {
            return "contains '..'";
        }
        if (name.indexOf('\0') >= 0) {
            return "contains a NUL character";
        }
        if (name.length() >= 2 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0))) {
            return "looks like an absolute Windows path";
        }
        return null;
    }
}

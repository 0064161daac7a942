package io.github.superpose.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that readers see either the old content or the complete new content, never a
 * half-written file (a crash mid-write leaves at most a stray {@code .tmp} beside the target).
 *
 * <p>Usage: {@code AtomicFiles.writeStringAtomically(dir.resolve("spec.json"), json);}
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** A consumer that may throw {@link IOException}, for writing to a stream. */
    @FunctionalInterface
    public interface IOConsumer<T> {
        /** Consumes {@code value}. */
        void accept(T value) throws IOException;
    }

    /**
     * Calls {@code writer} with a stream to a temp file beside {@code target}, flushes it to disk,
     * then moves it over {@code target}. On any failure the temp file is deleted and the target is
     * left untouched. Usage: {@code writeAtomically(p, out -> out.write(bytes));}
     */
    public static void writeAtomically(Path target, IOConsumer<OutputStream> writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path tmp = createTemp(abs);
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
                writer.accept(out);
                out.flush();
                ch.force(true); // data must be on disk before the rename makes it visible
            }
            move(tmp, abs);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Writes {@code text} as UTF-8, atomically. Usage: {@code writeStringAtomically(p, "{}");} */
    public static void writeStringAtomically(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        writeAtomically(target, out -> out.write(bytes));
    }

    // The temp file lives in the target's folder: a rename is only atomic within one file system.
    // Files.createFile (not createTempFile) so the result gets the usual umask permissions, not 0600.
    private static Path createTemp(Path target) throws IOException {
        Path dir = target.getParent();
        String base = "." + target.getFileName() + ".";
        for (int attempt = 0; ; attempt++) {
            String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong());
            try {
                return Files.createFile(dir.resolve(base + suffix + ".tmp"));
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Some file systems (e.g. certain network mounts) lack atomic rename; a plain replace is the
            // best they offer.
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

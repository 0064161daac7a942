package io.github.superpose.experiments;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who owns a temporary folder ({@code .NAME.tmp-DIGITS}, see {@link RunStore#reserve}): the
 * process that makes it first locks the file beside it, {@code .NAME.tmp-DIGITS.lock}, and holds
 * that lock until the folder is committed or discarded. The operating system drops the lock when
 * the process dies, even by SIGKILL, so a folder whose lock file can be locked provably belongs to
 * a dead process and can be deleted. The folder appears only once its lock is held; a folder
 * without a lock file (made by an older version, or committed a moment ago) is never touched.
 */
final class TempFolders {
    static final String LOCK_SUFFIX = ".lock";

    /** The locks this process holds, by folder: a second channel on the same file would drop them. */
    private static final Map<Path, FileChannel> HELD = new ConcurrentHashMap<>();

    private TempFolders() {}

    static Path lockOf(Path tmp) {
        return tmp.resolveSibling(tmp.getFileName() + LOCK_SUFFIX);
    }

    /**
     * Locks the lock file of {@code tmp} for this process, then creates the folder.
     *
     * @throws java.nio.file.FileAlreadyExistsException when another process drew the same name
     */
    static void create(Path tmp) throws IOException {
        Path key = tmp.toAbsolutePath().normalize();
        // CREATE_NEW: a name another process drew fails here, before anything of its is touched
        FileChannel ch = FileChannel.open(lockOf(tmp), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            if (ch.tryLock() == null) {
                throw new IOException("cannot lock " + lockOf(tmp));
            }
            HELD.put(key, ch);
            Files.createDirectory(tmp);
        } catch (IOException | RuntimeException e) {
            release(tmp);
            ch.close();
            throw e;
        }
    }

    /** Releases this process's lock on {@code tmp} and deletes its lock file (after a commit or a delete). */
    static void release(Path tmp) {
        FileChannel ch = HELD.remove(tmp.toAbsolutePath().normalize());
        try {
            Files.deleteIfExists(lockOf(tmp));
        } catch (IOException e) {
            // an orphan lock file is removed by the next cleaner that can lock it
        }
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing drops the lock either way
            }
        }
    }

    /**
     * Deletes every temporary folder in {@code parent} whose owner has died (its lock file can be
     * locked), with its lock file; live ones, this process's own and folders without a lock file stay.
     *
     * @return how many folders were deleted
     */
    static int cleanDead(Path parent) {
        if (parent == null || !Files.isDirectory(parent)) {
            return 0;
        }
        int deleted = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(parent, ".*.tmp-*")) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                if (RunStore.isTemporary(p) && Files.isDirectory(p) && deleteIfDead(p)) {
                    deleted++;
                } else if (name.endsWith(LOCK_SUFFIX)) {
                    // a lock file whose folder is gone: its owner was killed just before making the folder
                    // or just after committing it
                    Path folder = p.resolveSibling(name.substring(0, name.length() - LOCK_SUFFIX.length()));
                    if (RunStore.isTemporary(folder) && !Files.exists(folder)) {
                        deleteIfDead(folder);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // leftovers are harmless; the caller's run goes on
        }
        return deleted;
    }

    /**
     * Deletes {@code tmp} (a temporary folder of a run this process continues) unless a live process
     * holds its lock; a folder without a lock file (made by an older version) is deleted too.
     */
    static void deleteUnlessLive(Path tmp) {
        if (!Files.exists(lockOf(tmp))) {
            if (!HELD.containsKey(tmp.toAbsolutePath().normalize())) {
                RunStore.deleteTree(tmp);
            }
            return;
        }
        deleteIfDead(tmp);
    }

    /** Deletes {@code tmp} while holding its lock, when its lock file exists and no process holds the lock. */
    private static boolean deleteIfDead(Path tmp) {
        Path lock = lockOf(tmp);
        if (HELD.containsKey(tmp.toAbsolutePath().normalize()) || !Files.isRegularFile(lock)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return false;
            }
            RunStore.deleteTree(tmp);
            Files.deleteIfExists(lock);
            return true;
        } catch (OverlappingFileLockException | IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }
}

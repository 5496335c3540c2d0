package io.smtptrace.agent.export;

import io.smtptrace.agent.AgentLog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Where trace files go and how they are opened. Trace files hold hosts, envelope domains and server replies: they
 * are private to the JVM's user. The default directory ({@code ${java.io.tmpdir}/smtp-trace-<user>}) is created
 * 0700 and must be a real directory (not a symlink) owned by this user with no access for others, else a fresh
 * private directory is used and stderr says so. Files are created 0600 and never through a symlink, the default one
 * and one the user named alike. Only in the default directory, old default files beyond the newest
 * {@code smtptrace.file.keep} that nothing wrote to for an hour are deleted.
 */
public final class TraceFiles {

    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    static final long KEEP_IF_WRITTEN_WITHIN_MS = 3_600_000L;

    private TraceFiles() {
    }

    /**
     * @param defaultFile the file is the agent's default one: its directory is checked (and replaced if unsafe) and
     *                    cleaned up
     * @return the file actually used (another directory when the default one was unsafe)
     */
    public static Path prepare(Path file, boolean defaultFile, int keep) throws IOException {
        if (!defaultFile) {
            if (file.getParent() != null && !Files.isDirectory(file.getParent())) {
                Files.createDirectories(file.getParent());
            }
            return file;
        }
        Path dir = file.getParent();
        String problem = problemWith(dir);
        if (problem != null) {
            Path fresh = Files.createTempDirectory(dir.getParent() == null ? Paths.get(".") : dir.getParent(),
                    dir.getFileName() + "-", dirMode());
            AgentLog.info(dir + " " + problem + ": not used; SMTP traces go to " + fresh + " instead");
            return fresh.resolve(file.getFileName());
        }
        cleanUp(dir, file.getFileName().toString(), keep);
        return file;
    }

    /** @return null when {@code dir} exists now as a private directory of this user, else what is wrong with it */
    static String problemWith(Path dir) throws IOException {
        try {
            Files.createDirectory(dir, dirMode());
        } catch (FileAlreadyExistsException e) {
            // checked below, exactly as found
        }
        if (!posix(dir)) {
            return null; // no owners or modes to check (Windows: %TEMP% is per user already)
        }
        PosixFileAttributes a = Files.getFileAttributeView(dir, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS).readAttributes();
        if (a.isSymbolicLink()) {
            return "is a symbolic link";
        }
        if (!a.isDirectory()) {
            return "is not a directory";
        }
        UserPrincipal me = currentUser(dir);
        if (me != null && !me.equals(a.owner())) {
            return "is owned by " + a.owner().getName() + ", not by " + me.getName();
        }
        if (!a.permissions().equals(DIR_MODE)) {
            // ours, but opened up (by hand, or an umask at creation): close it
            Files.setPosixFilePermissions(dir, DIR_MODE);
        }
        return null;
    }

    /** The JVM's user, as the owner of what this process creates (user.name may not match in containers). */
    private static UserPrincipal currentUser(Path near) throws IOException {
        Path probe = Files.createTempFile(near.getParent() == null ? Paths.get(".") : near.getParent(),
                ".smtp-trace-owner", ".tmp", fileMode());
        try {
            return Files.getOwner(probe, LinkOption.NOFOLLOW_LINKS);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /** {@link #open}, as a channel: appending, or truncating. */
    static java.nio.channels.FileChannel openChannel(Path file, boolean truncate) throws IOException {
        Set<OpenOption> opts = new java.util.HashSet<>();
        opts.add(StandardOpenOption.CREATE);
        opts.add(StandardOpenOption.WRITE);
        opts.add(truncate ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
        opts.add(LinkOption.NOFOLLOW_LINKS);
        return posix(file.toAbsolutePath().getParent())
                ? java.nio.channels.FileChannel.open(file, opts, fileMode())
                : java.nio.channels.FileChannel.open(file, opts);
    }

    /** Opens (creates 0600) a trace file for appending, or truncating; never through a symbolic link. */
    public static OutputStream open(Path file, boolean append) throws IOException {
        Set<OpenOption> opts = new java.util.HashSet<>();
        opts.add(StandardOpenOption.CREATE);
        opts.add(StandardOpenOption.WRITE);
        opts.add(append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        opts.add(LinkOption.NOFOLLOW_LINKS);
        if (!posix(file.toAbsolutePath().getParent())) {
            return Channels.newOutputStream(Files.newByteChannel(file, opts));
        }
        return Channels.newOutputStream(Files.newByteChannel(file, opts, fileMode()));
    }

    /** Keeps the newest {@code keep} default files (and their {@code .1}); older ones idle for an hour go. */
    static void cleanUp(Path dir, String current, int keep) {
        try {
            List<Path> files = new ArrayList<>();
            // trace files and metrics files (smtp-trace-metrics-*) each keep their own newest `keep`
            boolean metrics = current.startsWith("smtp-trace-metrics-");
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "smtp-trace-*.jsonl")) {
                for (Path p : ds) {
                    if (!p.getFileName().toString().equals(current)
                            && p.getFileName().toString().startsWith("smtp-trace-metrics-") == metrics
                            && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        files.add(p);
                    }
                }
            }
            // names start with the start time: newest last
            files.sort(null);
            long idleSince = System.currentTimeMillis() - KEEP_IF_WRITTEN_WITHIN_MS;
            for (int i = 0; i < files.size() - (keep - 1); i++) {
                Path p = files.get(i);
                Path rotated = p.resolveSibling(p.getFileName() + ".1");
                if (Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis() < idleSince) {
                    Files.deleteIfExists(p);
                    Files.deleteIfExists(rotated);
                }
            }
        } catch (IOException | RuntimeException e) {
            AgentLog.debug("could not clean up old trace files in " + dir + ": " + e);
        }
    }

    private static boolean posix(Path p) {
        return p != null && p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<Set<PosixFilePermission>> dirMode() {
        return PosixFilePermissions.asFileAttribute(EnumSet.copyOf(DIR_MODE));
    }

    private static FileAttribute<Set<PosixFilePermission>> fileMode() {
        return PosixFilePermissions.asFileAttribute(EnumSet.copyOf(FILE_MODE));
    }
}

package io.smtptrace.agent.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceFilesTest {

    @TempDir
    Path tmp;

    @Test
    void defaultDirectoryIsCreatedPrivateAndFilesAre0600() throws IOException {
        Path file = tmp.resolve("smtp-trace-me").resolve("smtp-trace-20260101T000000-1-abcd.jsonl");
        Path used = TraceFiles.prepare(file, true, 10);
        assertThat(used).isEqualTo(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        try (OutputStream out = TraceFiles.open(used, true)) {
            out.write('x');
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(used))).isEqualTo("rw-------");
    }

    @Test
    void anExistingOpenDirectoryOfOursIsClosed() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("smtp-trace-me"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // as the old agent made it
        assertThat(TraceFiles.prepare(dir.resolve("f.jsonl"), true, 10)).isEqualTo(dir.resolve("f.jsonl"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    }

    @Test
    void aSymlinkedDefaultDirectoryIsNotUsed() throws IOException {
        Path elsewhere = Files.createDirectory(tmp.resolve("planted"));
        Path link = Files.createSymbolicLink(tmp.resolve("smtp-trace-me"), elsewhere);
        Path used = TraceFiles.prepare(link.resolve("f.jsonl"), true, 10);
        assertThat(used.getParent()).isNotEqualTo(link).isNotEqualTo(elsewhere);
        assertThat(used.getParent().getFileName().toString()).startsWith("smtp-trace-me-");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(used.getParent())))
                .isEqualTo("rwx------");
        assertThat(Files.isSymbolicLink(used.getParent())).isFalse();
    }

    @Test
    void aDirectoryOwnedBySomeoneElseIsNotUsed() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("smtp-trace-me"));
        UserPrincipal nobody;
        try {
            nobody = tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(dir, nobody);
        } catch (IOException | UnsupportedOperationException e) {
            assumeTrue(false, "cannot give a directory away here (not root): " + e);
            return;
        }
        Path used = TraceFiles.prepare(dir.resolve("f.jsonl"), true, 10);
        assertThat(used.getParent()).isNotEqualTo(dir);
    }

    @Test
    void filesAreNeverOpenedThroughASymlink() throws IOException {
        Path target = Files.writeString(tmp.resolve("victim"), "keep");
        Path link = Files.createSymbolicLink(tmp.resolve("trace.jsonl"), target);
        assertThatThrownBy(() -> TraceFiles.open(link, true)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> new RotatingFileOutputStream(link, 0)).isInstanceOf(IOException.class);
        assertThat(Files.readString(target)).isEqualTo("keep");
    }

    @Test
    void onlyTheNewestDefaultFilesAreKeptAndRecentOnesNeverGo() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("smtp-trace-me"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        List<Path> old = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Path f = Files.writeString(dir.resolve("smtp-trace-2025010" + i + "T000000-1-0000.jsonl"), "{}");
            Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() - 86_400_000L));
            old.add(f);
        }
        Path rotated = Files.writeString(dir.resolve(old.get(0).getFileName() + ".1"), "{}");
        Path recent = Files.writeString(dir.resolve("smtp-trace-20240101T000000-1-0000.jsonl"), "{}"); // oldest name, written now
        Path other = Files.writeString(dir.resolve("notes.txt"), "mine");
        Path current = dir.resolve("smtp-trace-20260101T000000-1-0000.jsonl");
        TraceFiles.prepare(current, true, 3);
        // newest 3 = current + the two newest old ones; the rest goes unless written within the hour
        assertThat(old.get(4)).exists();
        assertThat(old.get(3)).exists();
        assertThat(old.get(2)).doesNotExist();
        assertThat(old.get(0)).doesNotExist();
        assertThat(rotated).doesNotExist();
        assertThat(recent).exists();
        assertThat(other).exists();
        assertThat(Files.exists(dir, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    @Test
    void aFileTheUserNamedIsNeverCleanedUpAround() throws IOException {
        Path old = Files.writeString(tmp.resolve("smtp-trace-20200101T000000-1-0000.jsonl"), "{}");
        Files.setLastModifiedTime(old, FileTime.fromMillis(0));
        TraceFiles.prepare(tmp.resolve("mine.jsonl"), false, 1);
        assertThat(old).exists();
    }
}

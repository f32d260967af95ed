package cn.yzt.ops.server.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL left running by a JVM that was killed with -9 keeps its data directory's
 * postmaster.pid; the next embedded start then fails. The caller holds the data directory's
 * owner lock (see {@link EmbeddedDatabase}), so a live postmaster here belongs to nobody: stop it
 * the way pg_ctl's "fast" mode does (SIGINT is not reachable from Java, SIGTERM = smart shutdown,
 * which is enough because its clients died with the JVM), and only then start a new one.
 */
final class StalePostmaster {

    private static final Logger LOG = LoggerFactory.getLogger(StalePostmaster.class);

    private StalePostmaster() {
    }

    /** The pid recorded in DATADIR/postmaster.pid when that process is alive and is a postgres. */
    static Optional<ProcessHandle> find(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException ex) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(StalePostmaster::isPostgres);
    }

    private static boolean isPostgres(ProcessHandle h) {
        // /proc/PID/comm is reliable where ProcessHandle.info() is empty (other user namespace).
        try {
            String comm = Files.readString(Path.of("/proc", Long.toString(h.pid()), "comm")).trim();
            return comm.startsWith("postgres") || comm.startsWith("postmaster");
        } catch (IOException ex) {
            return h.info().command().map(c -> c.contains("postgres")).orElse(false);
        }
    }

    /** Stops a stale postmaster; returns whether one was found. */
    static boolean stopIfRunning(Path dataDir, Duration patience) throws IOException {
        Optional<ProcessHandle> stale = find(dataDir);
        if (stale.isEmpty()) {
            return false;
        }
        ProcessHandle h = stale.get();
        LOG.warn("stale PostgreSQL (pid {}) found in {}: left by a killed server, stopping it", h.pid(), dataDir);
        h.destroy();
        long deadline = System.nanoTime() + patience.toNanos();
        while (h.isAlive() && System.nanoTime() < deadline) {
            sleep();
        }
        if (h.isAlive()) {
            LOG.warn("stale PostgreSQL (pid {}) ignored SIGTERM, killing it; it will recover from WAL", h.pid());
            h.destroyForcibly();
            while (h.isAlive()) {
                sleep();
            }
        }
        return true;
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping a stale PostgreSQL", ex);
        }
    }
}

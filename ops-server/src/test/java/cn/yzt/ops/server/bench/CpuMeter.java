package cn.yzt.ops.server.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU seconds used by this JVM and its child processes (the embedded PostgreSQL), from
 * /proc/PID/stat. The benchmark shares 2 cores with other builds, so wall-clock rates depend on
 * their load; CPU per login does not, and gives the capacity of an otherwise idle machine.
 */
final class CpuMeter {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private CpuMeter() {
    }

    /** How many processes {@link #seconds} sums (this JVM + PostgreSQL's postmaster and backends). */
    static long processes() {
        try (Stream<ProcessHandle> all = metered()) {
            return all.count();
        }
    }

    static double seconds() {
        try (Stream<ProcessHandle> all = metered()) {
            return all.mapToLong(p -> ticks(p.pid())).sum() / TICKS_PER_SECOND;
        }
    }

    /**
     * This JVM, its children, and the tests' PostgreSQL: its postmaster detaches from us (pg_ctl),
     * so it is found by its data directory (yzt.test.pgdir) on the command line, with its backends.
     */
    private static Stream<ProcessHandle> metered() {
        ProcessHandle self = ProcessHandle.current();
        String pgdir = System.getProperty("yzt.test.pgdir", "target/test-pg");
        Stream<ProcessHandle> pg = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("postgres") && c.contains(pgdir)).orElse(false))
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants()));
        return Stream.concat(Stream.concat(Stream.of(self), self.descendants()), pg).distinct();
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after the ")" of the command name: state is field 3, utime 14, stime 15
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException ex) {
            return 0; // a process that just exited
        }
    }

    /**
     * PostgreSQL's CPU ticks by process kind (client backends, walwriter, autovacuum, checkpointer, ...),
     * from the process titles, to see where the database's share goes.
     */
    static java.util.Map<String, Long> postgresTicksByKind() {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        String pgdir = System.getProperty("yzt.test.pgdir", "target/test-pg");
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("postgres") && c.contains(pgdir)).orElse(false))
                .flatMap(p -> p.descendants()).forEach(p -> {
                    String kind;
                    try {
                        kind = Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline")).replace('\0', ' ').trim();
                    } catch (IOException | RuntimeException ex) {
                        return;
                    }
                    // "postgres: user db 127.0.0.1(port) idle" -> "client backend"
                    kind = kind.contains("(") ? "client backends" : kind.replaceFirst("^postgres: ", "").replaceAll(" .*$", "");
                    out.merge(kind, ticks(p.pid()), Long::sum);
                });
        return out;
    }
}

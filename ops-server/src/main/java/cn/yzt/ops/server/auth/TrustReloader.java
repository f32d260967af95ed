package cn.yzt.ops.server.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the trust anchors and CRL files while the server runs, when a file's modification time
 * or presence changed (the CA publishes a new CRL by replacing the file). A file that cannot be
 * read keeps the previous material in force: it is not trusted more, and once its CRL passes
 * nextUpdate + grace the checker refuses its certificates (fail closed), so a broken publication
 * cannot extend a CRL's life.
 */
public final class TrustReloader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrustReloader.class);

    private final Path anchors;
    private final Path intermediates;
    private final List<Path> crls;
    private final CertificateChecker checker;
    private List<Object> seen;
    private ScheduledExecutorService timer;

    public TrustReloader(Path anchors, List<Path> crls, CertificateChecker checker) {
        this(anchors, null, crls, checker);
    }

    /** With an intermediate-CA file (null = none), watched like the others. */
    public TrustReloader(Path anchors, Path intermediates, List<Path> crls, CertificateChecker checker) {
        this.anchors = anchors;
        this.intermediates = intermediates;
        this.crls = List.copyOf(crls);
        this.checker = checker;
        this.seen = stamps();
    }

    /** Reloads when any file changed since the last (successful or attempted) load; true if it swapped. */
    public synchronized boolean reloadIfChanged() {
        List<Object> now = stamps();
        if (now.equals(seen)) {
            return false;
        }
        seen = now;
        try {
            checker.update(TrustMaterial.load(anchors, intermediates, crls));
            LOG.info("trust anchors / CRLs reloaded");
            return true;
        } catch (IOException | RuntimeException ex) {
            // keep the previous material; staleness makes the checker fail closed in time
            LOG.warn("trust anchors / CRLs not reloaded ({}); the previous ones stay in force", ex.getClass().getSimpleName());
            return false;
        }
    }

    /** Checks every {@code periodSeconds} on a daemon thread. */
    public synchronized TrustReloader start(long periodSeconds) {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "trust-reload");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::reloadIfChanged, periodSeconds, periodSeconds, TimeUnit.SECONDS);
        }
        return this;
    }

    private List<Object> stamps() {
        List<Object> out = new ArrayList<>();
        for (Path p : concat()) {
            try {
                FileTime t = Files.getLastModifiedTime(p);
                out.add(p + "@" + t.toMillis() + "/" + Files.size(p));
            } catch (IOException ex) {
                out.add(p + "@missing");
            }
        }
        return out;
    }

    private List<Path> concat() {
        List<Path> all = new ArrayList<>(crls.size() + 1);
        all.add(Objects.requireNonNull(anchors));
        if (intermediates != null) {
            all.add(intermediates);
        }
        all.addAll(crls);
        return all;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}

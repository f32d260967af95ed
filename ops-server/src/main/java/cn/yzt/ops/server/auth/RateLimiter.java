package cn.yzt.ops.server.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets by key (an account name, a client certificate fingerprint): {@code burst} requests
 * at once, refilled at {@code perMinute}. In memory and per server process: it slows down online
 * guessing and challenge-table flooding; the lockout after N failures remains the hard limit.
 * The map is bounded: when it is full, buckets that have refilled completely are dropped (they
 * carry no information), and if none has, the caller is refused rather than the map growing.
 */
public final class RateLimiter {

    static final int MAX_KEYS = 100_000;

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final double burst;
    private final double perNano;
    private final LongSupplier nanos;

    public RateLimiter(int perMinute, int burst, LongSupplier nanos) {
        if (perMinute < 1 || burst < 1) {
            throw new IllegalArgumentException("rate limits must be positive");
        }
        this.burst = burst;
        this.perNano = perMinute / 60e9;
        this.nanos = nanos;
    }

    public RateLimiter(int perMinute, int burst) {
        this(perMinute, burst, System::nanoTime);
    }

    /** Takes one token for {@code key}; false when its bucket is empty (the request is to be refused). */
    public boolean tryAcquire(String key) {
        long now = nanos.getAsLong();
        if (buckets.size() >= MAX_KEYS && !buckets.containsKey(key)) {
            buckets.entrySet().removeIf(e -> refilled(e.getValue(), now) >= burst);
            if (buckets.size() >= MAX_KEYS) {
                return false;
            }
        }
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        synchronized (b) {
            b.tokens = refilled(b, now);
            b.at = now;
            if (b.tokens < 1) {
                return false;
            }
            b.tokens -= 1;
            return true;
        }
    }

    private double refilled(Bucket b, long now) {
        synchronized (b) {
            return Math.min(burst, b.tokens + (now - b.at) * perNano);
        }
    }
}

package cn.yzt.ops.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void burstThenRefillAtTheRatePerKey() {
        AtomicLong now = new AtomicLong();
        RateLimiter l = new RateLimiter(30, 3, now::get); // one token every 2 s
        assertThat(l.tryAcquire("a")).isTrue();
        assertThat(l.tryAcquire("a")).isTrue();
        assertThat(l.tryAcquire("a")).isTrue();
        assertThat(l.tryAcquire("a")).as("burst used up").isFalse();
        assertThat(l.tryAcquire("b")).as("other keys have their own bucket").isTrue();
        now.addAndGet(1_900_000_000L);
        assertThat(l.tryAcquire("a")).as("not yet a whole token").isFalse();
        now.addAndGet(200_000_000L);
        assertThat(l.tryAcquire("a")).isTrue();
        assertThat(l.tryAcquire("a")).isFalse();
        now.addAndGet(3_600_000_000_000L);
        for (int i = 0; i < 3; i++) {
            assertThat(l.tryAcquire("a")).as("refill is capped at the burst").isTrue();
        }
        assertThat(l.tryAcquire("a")).isFalse();
    }
}

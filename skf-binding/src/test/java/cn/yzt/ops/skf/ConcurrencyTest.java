package cn.yzt.ops.skf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.yzt.ops.skf.testing.Provisioning;

/** Many threads, one library: the serialising executor keeps every call correct. */
class ConcurrencyTest {

    private static final int THREADS = 8;
    private static final int PER_THREAD = 25;

    @TempDir
    Path dir;

    @Test
    void eightThreadsSignConcurrentlyAndAllVerify() throws Exception {
        Provisioning.Token t = Provisioning.token(dir, "BUSY");
        try (Provisioning.Provisioned p = t.provision()) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<Integer>> results = new ArrayList<>();
            for (int th = 0; th < THREADS; th++) {
                int threadNo = th;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < PER_THREAD; i++) {
                        byte[] m = ByteBuffer.allocate(8).putInt(threadNo).putInt(i).array();
                        byte[] der = p.container().sign(m, null);
                        if (TestCrypto.verifies(p.signKey(), m, der)) {
                            ok++;
                        }
                        if (i % 10 == 0) {
                            p.app().pinInfo(PinType.USER); // other calls interleave too
                        }
                    }
                    return ok;
                }));
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get(); // rethrows any failure
            }
            assertThat(total).isEqualTo(THREADS * PER_THREAD);
        }
    }
}

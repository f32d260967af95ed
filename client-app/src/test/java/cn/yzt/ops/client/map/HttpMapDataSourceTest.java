package cn.yzt.ops.client.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import cn.yzt.ops.client.api.Cancellable;
import cn.yzt.ops.client.api.OpsApi;
import cn.yzt.ops.client.api.OpsApiException;
import cn.yzt.ops.protocol.map.DemoDataGenerator;

/**
 * Stale map requests are aborted: a newer request for the same layer cancels the one in flight.
 * The API is a stand-in (a proxy whose first call blocks until cancelled) because a real server
 * cannot be made to answer slowly on cue; the end-to-end map load runs in ConsoleEndToEndFxTest.
 */
class HttpMapDataSourceTest {

    @Test
    void aNewerRequestForTheSameLayerCancelsTheStaleOne() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        OpsApi api = (OpsApi) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {OpsApi.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("mapFeatures")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    Cancellable c = (Cancellable) args[3];
                    if (calls.incrementAndGet() == 1) {
                        firstStarted.countDown();
                        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                        while (!c.isCancelled() && System.nanoTime() < until) {
                            Thread.sleep(5);
                        }
                        throw new OpsApiException(OpsApiException.Kind.CANCELLED, 0, "CANCELLED", "已取消", "", null);
                    }
                    return List.of();
                });
        HttpMapDataSource source = new HttpMapDataSource(api);
        CompletableFuture<Object> stale = CompletableFuture.supplyAsync(() -> {
            try {
                return source.features("parcels", DemoDataGenerator.LINCANG);
            } catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        });
        assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(source.features("parcels", DemoDataGenerator.LINCANG)).isEmpty();
        try {
            stale.get(5, TimeUnit.SECONDS);
            throw new AssertionError("the stale request must have been cancelled");
        } catch (ExecutionException ex) {
            assertThat(ex.getCause().getCause()).isInstanceOf(IOException.class);
            assertThat(((OpsApiException) ex.getCause().getCause().getCause()).kind())
                    .isEqualTo(OpsApiException.Kind.CANCELLED);
        }
        assertThat(source.inFlight()).isZero();
    }
}

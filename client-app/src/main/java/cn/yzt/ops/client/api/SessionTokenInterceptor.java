package cn.yzt.ops.client.api;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/** Adds {@code Authorization: Bearer <token>} once the console is logged in. One job. */
final class SessionTokenInterceptor implements Interceptor {
    private final AtomicReference<String> token = new AtomicReference<>();

    void set(String value) {
        token.set(value);
    }

    void clear() {
        token.set(null);
    }

    boolean present() {
        return token.get() != null;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        String t = token.get();
        Request r = chain.request();
        if (t != null && r.header("Authorization") == null) {
            r = r.newBuilder().header("Authorization", "Bearer " + t).build();
        }
        return chain.proceed(r);
    }
}

package cn.yzt.ops.server.http;

import java.io.IOException;
import java.io.InputStream;

import io.javalin.http.Context;

/** Reads a request body with a hard cap, whether or not the client sent Content-Length. */
final class Bodies {

    private Bodies() {
    }

    static byte[] read(Context ctx, int max) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) {
            throw new ApiException(413, "PAYLOAD_TOO_LARGE");
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] b = in.readNBytes(max + 1);
            if (b.length > max) {
                throw new ApiException(413, "PAYLOAD_TOO_LARGE");
            }
            return b;
        } catch (IOException ex) {
            throw ApiException.badRequest();
        }
    }
}

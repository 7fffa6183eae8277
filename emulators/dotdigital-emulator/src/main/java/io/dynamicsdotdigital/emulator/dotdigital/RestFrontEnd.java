package io.dynamicsdotdigital.emulator.dotdigital;

import com.sun.net.httpserver.HttpExchange;
import io.dynamicsdotdigital.emulator.common.EmulatorHttpServer;
import io.dynamicsdotdigital.emulator.dotdigital.HttpCall.ApiError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Entry point of one region's REST server: Basic auth, the region check, the per-account rate limit, then the v2 and
 * v3 routes.
 */
final class RestFrontEnd implements EmulatorHttpServer.Handler {
    static final String UNAUTHORIZED = "{\"message\":\"Authorization has been denied for this request.\"}";

    private final DotdigitalEmulator emu;
    private final boolean accountHome;
    private final V2Api v2;
    private final V3Api v3;

    RestFrontEnd(DotdigitalEmulator emu, boolean accountHome) {
        this.emu = emu;
        this.accountHome = accountHome;
        this.v2 = new V2Api(emu);
        this.v3 = new V3Api(emu);
    }

    static String errorBody(int status) {
        switch (status) {
            case 401:
                return UNAUTHORIZED;
            case 403:
                return "{\"message\":\"This account is not hosted in this region. ERROR_ACCOUNT_WRONG_REGION\"}";
            case 404:
                return "{\"message\":\"Error: ERROR_RESOURCE_NOT_FOUND\"}";
            case 413:
                return "{\"message\":\"The request body is larger than 50 MB. ERROR_REQUEST_TOO_LARGE\"}";
            case 429:
                return "{\"message\":\"Your account has generated excess API activity and is being temporarily "
                        + "capped. ERROR_APIUSAGE_EXCEEDED\"}";
            case 503:
                return "{\"message\":\"The service is temporarily unavailable. ERROR_SERVICE_UNAVAILABLE\"}";
            default:
                return "{\"message\":\"An error has occurred. ERROR_UNEXPECTED\"}";
        }
    }

    private static final java.lang.management.ThreadMXBean CPU =
            java.lang.management.ManagementFactory.getThreadMXBean();

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long cpuStart = CPU.getCurrentThreadCpuTime();
        try {
            route(exchange);
        } finally {
            emu.addRestHandlerCpu(CPU.getCurrentThreadCpuTime() - cpuStart);
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        HttpCall call = new HttpCall(exchange);
        boolean v3 = call.size() >= 2 && call.seg(0).equalsIgnoreCase("contacts") && call.seg(1).equals("v3");
        try {
            if (!authorized(call.header("Authorization"))) {
                call.header("WWW-Authenticate", "Basic realm=\"Dotdigital API\"");
                call.sendText(401, "application/json; charset=utf-8", UNAUTHORIZED);
                return;
            }
            RateLimiter.Window w = emu.rateLimiter().acquire();
            if (w.limit() > 0) {
                call.header("X-RateLimit-Limit", Integer.toString(w.limit()));
                call.header("X-RateLimit-Remaining", Integer.toString(w.remaining()));
                call.header("X-RateLimit-Reset", Long.toString(emu.rateLimitResetAsSeconds()
                        ? w.secondsUntilReset() : w.resetEpochSeconds()));
                call.header("X-RateLimit-Scope", "account");
                if (!w.allowed()) {
                    call.header("Retry-After", Long.toString(w.secondsUntilReset()));
                    call.sendText(429, "application/json; charset=utf-8", v3
                            ? V3Api.error(429, "contacts:tooManyRequests", "Too many requests").body
                            : errorBody(429));
                    return;
                }
            }
            boolean accountInfo = call.is("GET", "v2", "account-info");
            if (!accountHome && !accountInfo) {
                call.sendText(403, "application/json; charset=utf-8", errorBody(403));
                return;
            }
            boolean handled = v3 ? this.v3.handle(call)
                    : call.size() >= 1 && call.seg(0).equalsIgnoreCase("v2") && v2.handle(call);
            if (!handled) {
                call.sendText(404, "application/json; charset=utf-8", v3
                        ? V3Api.error(404, "contacts:notFound", "No such resource").body : errorBody(404));
            }
        } catch (ApiError e) {
            String body = e.body != null ? e.body : v3
                    ? V3Api.error(e.status, e.status == 413 ? "contacts:requestTooLarge" : "contacts:badRequest",
                    e.status == 413 ? "The request body is larger than 50 MB" : "The request is invalid").body
                    : e.status == 400 ? "{\"message\":\"The request is invalid. ERROR_PARAMETER_INVALID\"}"
                    : errorBody(e.status);
            call.sendText(e.status, "application/json; charset=utf-8", body);
        }
    }

    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            return decoded.equals(emu.apiUser() + ":" + emu.apiPassword());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

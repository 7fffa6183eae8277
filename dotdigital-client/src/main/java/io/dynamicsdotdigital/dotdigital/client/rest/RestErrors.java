package io.dynamicsdotdigital.dotdigital.client.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalConfigDefs;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a failed REST answer into a {@link DotdigitalApiException} that names the call and the API's reason. */
public final class RestErrors {
    private static final Pattern V2_CODE = Pattern.compile("(ERROR_[A-Z0-9_]+)\\s*\\.?\\s*$");
    private static final Pattern V2_CODE_ANYWHERE = Pattern.compile("\\b(ERROR_[A-Z0-9_]+)\\b");
    private static final int MAX_BODY_IN_MESSAGE = 500;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RestErrors() {
    }

    /**
     * @param call the method and path template, for example "GET /v2/contacts/{email}"; never carries a secret
     */
    public static DotdigitalApiException toException(String call, int status, String body) {
        String b = body == null ? "" : body.trim();
        String errorCode = "";
        String reason = "";
        if (b.startsWith("{")) {
            try {
                JsonNode n = MAPPER.readTree(b);
                if (n.hasNonNull("errorCode")) {
                    errorCode = n.get("errorCode").asText();
                    reason = Json.text(n, "description");
                    reason = reason == null ? "" : reason;
                    JsonNode details = n.get("details");
                    if (details != null && details.isArray() && !details.isEmpty()) {
                        StringBuilder sb = new StringBuilder(reason).append(" [");
                        for (int i = 0; i < details.size(); i++) {
                            JsonNode d = details.get(i);
                            sb.append(i == 0 ? "" : "; ").append(Json.text(d, "item")).append(": ")
                                    .append(Json.text(d, "description"));
                        }
                        reason = sb.append(']').toString();
                    }
                } else if (n.hasNonNull("message")) {
                    reason = n.get("message").asText();
                    errorCode = v2ErrorCode(reason);
                    JsonNode modelState = n.get("modelState");
                    if (modelState != null && modelState.isObject() && !modelState.isEmpty()) {
                        reason = reason + " " + modelState;
                    }
                } else {
                    reason = truncate(b);
                }
            } catch (java.io.IOException e) {
                reason = truncate(b);
            }
        } else {
            reason = truncate(b);
            errorCode = v2ErrorCode(b);
        }
        String message = "Dotdigital " + call + " answered HTTP " + status
                + (reason.isEmpty() ? "" : ": " + reason)
                + (errorCode.isEmpty() || reason.contains(errorCode) ? "" : " (" + errorCode + ")");
        if (status == 403) {
            message += "; a 403 from Dotdigital usually means the account lives in another region: leave "
                    + DotdigitalConfigDefs.API_ENDPOINT + " empty to discover the endpoint from account-info";
        }
        return new DotdigitalApiException(message, status, errorCode);
    }

    /** The trailing {@code ERROR_*} token of a v2 message, else any such token, else empty. */
    public static String v2ErrorCode(String message) {
        if (message == null) {
            return "";
        }
        Matcher m = V2_CODE.matcher(message.trim());
        if (m.find()) {
            return m.group(1);
        }
        Matcher any = V2_CODE_ANYWHERE.matcher(message);
        String last = "";
        while (any.find()) {
            last = any.group(1);
        }
        return last;
    }

    private static String truncate(String s) {
        return s.length() <= MAX_BODY_IN_MESSAGE ? s : s.substring(0, MAX_BODY_IN_MESSAGE) + "...";
    }
}

package io.dynamicsdotdigital.dotdigital.client.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamicsdotdigital.dotdigital.client.CampaignSends;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import io.dynamicsdotdigital.dotdigital.client.model.Campaign;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignSend;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignSendRequest;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** Campaign sends over REST v2; the send itself goes through the one-attempt client. */
final class RestCampaignSends implements CampaignSends {
    private final RestCalls calls;

    RestCampaignSends(RestCalls calls) {
        this.calls = calls;
    }

    @Override
    public CampaignSend sendCampaign(CampaignSendRequest request) {
        ObjectNode body = RestCalls.MAPPER.createObjectNode();
        body.put("campaignId", request.campaignId());
        request.addressBookIds().forEach(body.putArray("addressBookIds")::add);
        request.contactIds().forEach(body.putArray("contactIds")::add);
        if (request.sendDate() != null) {
            body.put("sendDate", DateTimeFormatter.ISO_INSTANT.format(request.sendDate()));
        }
        String call = "POST /v2/campaigns/send (campaign " + request.campaignId() + ")";
        JsonNode answer;
        try {
            answer = calls.sendJsonOnce(calls.request("/v2/campaigns/send").POST(RestCalls.json(body)), call,
                    "campaign-sends");
        } catch (DotdigitalApiException e) {
            if (e.statusCode() >= 200 && e.statusCode() < 300) {
                throw unreadable(call, e.getMessage(), e);
            }
            throw e;
        }
        try {
            return read(answer, call);
        } catch (DotdigitalApiException e) {
            throw unreadable(call, e.getMessage(), e);
        }
    }

    @Override
    public CampaignSend campaignSendStatus(String sendId) {
        String call = "GET /v2/campaigns/send/" + sendId;
        return read(calls.getJson("/v2/campaigns/send/" + RestCalls.segment(sendId), call, "campaign-sends"), call);
    }

    @Override
    public Campaign campaign(long campaignId) {
        String path = "/v2/campaigns/" + campaignId;
        return RestModelReader.campaign(calls.getJson(path, "GET " + path, "campaigns"));
    }

    @Override
    public Optional<Instant> campaignSentToContactAt(long campaignId, long contactId) {
        String path = "/v2/campaigns/" + campaignId + "/activities/" + contactId;
        try {
            return Optional.ofNullable(Json.instant(calls.getJson(path, "GET " + path, "campaign-activities"),
                    "dateSent"));
        } catch (DotdigitalApiException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static DotdigitalApiException unreadable(String call, String detail, Throwable cause) {
        return new DotdigitalApiException("Dotdigital " + call + " succeeded but its answer could not be read (" + detail
                + "): the campaign may be on its way and its send id is unknown", 200,
                CampaignSends.ANSWER_UNREADABLE, cause);
    }

    private static CampaignSend read(JsonNode n, String call) {
        String id = n.path("id").asText("");
        if (id.isBlank()) {
            throw new DotdigitalApiException("Dotdigital " + call + " answered without a send id: " + n, 200, "");
        }
        return new CampaignSend(id, n.path("campaignId").asLong(), n.path("status").asText(""),
                Json.instant(n, "sendDate"));
    }
}

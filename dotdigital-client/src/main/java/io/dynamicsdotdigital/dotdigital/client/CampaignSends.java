package io.dynamicsdotdigital.dotdigital.client;

import io.dynamicsdotdigital.dotdigital.client.model.Campaign;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignSend;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignSendRequest;
import java.time.Instant;
import java.util.Optional;

/** Sending campaigns and reading a send's progress. */
public interface CampaignSends {
    /** The error code of a send that Dotdigital accepted (2xx) but whose answer could not be read. */
    String ANSWER_UNREADABLE = "SEND_ANSWER_UNREADABLE";

    /**
     * {@code POST /v2/campaigns/send} (SOAP {@code SendCampaign}). Sent exactly once: never repeated by the client,
     * not even after a timeout, a dropped connection or a 5xx, because the first attempt may have been applied and
     * a repeat would mail the recipients twice. An exception with {@link #isAmbiguous(DotdigitalApiException)}
     * true means the outcome is unknown.
     */
    CampaignSend sendCampaign(CampaignSendRequest request);

    /** {@code GET /v2/campaigns/send/{id}} (SOAP {@code GetCampaignSendProgress}); retried like any read. */
    CampaignSend campaignSendStatus(String sendId);

    /** {@code GET /v2/campaigns/{id}} (SOAP {@code GetCampaignById}): the campaign with its status. */
    Campaign campaign(long campaignId);

    /**
     * When the campaign was sent to the contact, from {@code GET /v2/campaigns/{id}/activities/{contactId}} (SOAP
     * {@code GetCampaignContactActivity}): empty when the contact has no activity row for the campaign (404, or no
     * {@code dateSent}). A row appears once the email went out, so empty does not prove that no send is on its way.
     */
    Optional<Instant> campaignSentToContactAt(long campaignId, long contactId);

    /**
     * True when a failed send call may nevertheless have been applied: no answer (timeout, reset), 408, a 5xx,
     * or a success whose answer could not be read. A 4xx other than 408 and 429 is a refusal: nothing was sent. A 429 is a refusal too (throttled before
     * processing).
     */
    static boolean isAmbiguous(DotdigitalApiException e) {
        int status = e.statusCode();
        return status == 0 || status == 408 || status >= 500 || ANSWER_UNREADABLE.equals(e.errorCode());
    }
}

package io.dynamicsdotdigital.dotdigital.client.soap;

import com.apiconnector.ApiCampaignSend;
import com.microsoft.schemas._2003._10.serialization.arrays.ArrayOfint;
import io.dynamicsdotdigital.dotdigital.client.CampaignSends;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import io.dynamicsdotdigital.dotdigital.client.model.Campaign;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignSend;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignSendRequest;
import io.dynamicsdotdigital.dotdigital.soap.v2.ApiService;
import java.time.Instant;
import java.util.Optional;

/** Campaign sends over SOAP: SendCampaign once (never repeated), GetCampaignSendProgress like any read. */
final class SoapCampaignSends implements CampaignSends {
    private final ApiService port;
    private final SoapCallPolicy policy;

    SoapCampaignSends(ApiService port, SoapCallPolicy policy) {
        this.port = port;
        this.policy = policy;
    }

    @Override
    public CampaignSend sendCampaign(CampaignSendRequest request) {
        ApiCampaignSend send = new ApiCampaignSend();
        send.setCampaignId(Math.toIntExact(request.campaignId()));
        ArrayOfint books = new ArrayOfint();
        request.addressBookIds().forEach(id -> books.getInt().add(Math.toIntExact(id)));
        send.setAddressBookIds(books);
        ArrayOfint contacts = new ArrayOfint();
        request.contactIds().forEach(id -> contacts.getInt().add(Math.toIntExact(id)));
        send.setContactIds(contacts);
        if (request.sendDate() != null) {
            send.setSendDate(SoapModelMapper.xmlDate(request.sendDate()));
        }
        ApiCampaignSend answer = policy.callOnce("SendCampaign", () -> port.sendCampaign(send));
        if (answer == null || answer.getId() == null || answer.getId().isBlank()) {
            throw new DotdigitalApiException("Dotdigital SOAP SendCampaign (campaign " + request.campaignId()
                    + ") succeeded but returned no send id: the campaign may be on its way", 200,
                    CampaignSends.ANSWER_UNREADABLE);
        }
        return read(answer);
    }

    @Override
    public CampaignSend campaignSendStatus(String sendId) {
        return read(policy.call("GetCampaignSendProgress", () -> port.getCampaignSendProgress(sendId)));
    }

    @Override
    public Campaign campaign(long campaignId) {
        return SoapModelMapper.campaign(policy.call("GetCampaignById",
                () -> port.getCampaignById(Math.toIntExact(campaignId))));
    }

    @Override
    public Optional<Instant> campaignSentToContactAt(long campaignId, long contactId) {
        try {
            var activity = policy.call("GetCampaignContactActivity", () -> port.getCampaignContactActivity(
                    Math.toIntExact(campaignId), Math.toIntExact(contactId)));
            return activity == null ? Optional.empty() : Optional.ofNullable(SoapModelMapper.instant(
                    activity.getDateSent()));
        } catch (DotdigitalApiException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static CampaignSend read(ApiCampaignSend a) {
        return new CampaignSend(a.getId(), a.getCampaignId(), a.getStatus() == null ? "" : a.getStatus().value(),
                SoapModelMapper.instant(a.getSendDate()));
    }
}

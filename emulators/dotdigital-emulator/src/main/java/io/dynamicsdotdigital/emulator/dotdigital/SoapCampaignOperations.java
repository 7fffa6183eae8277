package io.dynamicsdotdigital.emulator.dotdigital;

import static io.dynamicsdotdigital.emulator.dotdigital.SoapConversions.fault;
import static io.dynamicsdotdigital.emulator.dotdigital.SoapConversions.instant;
import static io.dynamicsdotdigital.emulator.dotdigital.SoapConversions.select;
import static io.dynamicsdotdigital.emulator.dotdigital.SoapConversions.skip;
import static io.dynamicsdotdigital.emulator.dotdigital.SoapConversions.xml;

import com.apiconnector.ApiCampaign;
import com.apiconnector.ApiCampaignContactClick;
import com.apiconnector.ApiCampaignContactOpen;
import com.apiconnector.ApiCampaignContactPageView;
import com.apiconnector.ApiCampaignContactRoiDetail;
import com.apiconnector.ApiCampaignContactSummary;
import com.apiconnector.ApiCampaignFromAddress;
import com.apiconnector.ApiCampaignReplyActions;
import com.apiconnector.ApiCampaignSend;
import com.apiconnector.ApiCampaignSendStatuses;
import com.apiconnector.ApiCampaignStatuses;
import com.apiconnector.ApiCampaignSummary;
import com.apiconnector.ApiRoiDetailDataTypes;
import com.apiconnector.ArrayOfApiCampaign;
import com.apiconnector.ArrayOfApiCampaignContactClick;
import com.apiconnector.ArrayOfApiCampaignContactOpen;
import com.apiconnector.ArrayOfApiCampaignContactPageView;
import com.apiconnector.ArrayOfApiCampaignContactRoiDetail;
import com.apiconnector.ArrayOfApiCampaignContactSummary;
import com.microsoft.schemas._2003._10.serialization.arrays.ArrayOfint;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Activity;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Campaign;
import io.dynamicsdotdigital.emulator.dotdigital.Model.CampaignSend;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Click;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Open;
import io.dynamicsdotdigital.emulator.dotdigital.Model.PageView;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Roi;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.datatype.XMLGregorianCalendar;

/**
 * The v2 SOAP operations on campaigns: campaigns, summaries, activity since a date, clicks, opens, page views, ROI
 * and sends, on the same state as REST. Each public method answers the {@code ApiService} operation of the same
 * name and parameter types ({@link SoapOperationDispatcher}).
 */
final class SoapCampaignOperations {
    private final DotdigitalEmulator emu;
    private final DotdigitalState state;

    SoapCampaignOperations(DotdigitalEmulator emu) {
        this.emu = emu;
        this.state = emu.state();
    }

    // ---------------------------------------------------------------- campaigns

    private static ApiCampaign campaign(Campaign c) {
        ApiCampaign a = new ApiCampaign();
        a.setId(c.id());
        a.setName(c.name());
        a.setSubject(c.subject());
        a.setFromName(c.fromName());
        ApiCampaignFromAddress from = new ApiCampaignFromAddress();
        from.setId(c.fromAddressId());
        from.setEmail(c.fromAddress());
        a.setFromAddress(from);
        a.setHtmlContent("<html><body>" + c.name() + "</body></html>");
        a.setPlainTextContent(c.name());
        a.setReplyAction(ApiCampaignReplyActions.UNSET);
        a.setReplyToAddress("");
        a.setIsSplitTest(false);
        a.setStatus(ApiCampaignStatuses.fromValue(c.status()));
        return a;
    }

    private int campaignId(Integer id) {
        int cid = id == null ? -1 : id;
        if (state.campaign(cid).isEmpty()) {
            throw fault("Error: ERROR_CAMPAIGN_NOT_FOUND");
        }
        return cid;
    }

    public ArrayOfApiCampaign getCampaigns(Integer select, Integer skip) {
        ArrayOfApiCampaign out = new ArrayOfApiCampaign();
        state.campaigns().stream().skip(skip(skip)).limit(select(select))
                .forEach(c -> out.getApiCampaign().add(campaign(c)));
        return out;
    }

    public ApiCampaign getCampaignById(Integer id) {
        return campaign(state.campaign(campaignId(id)).orElseThrow());
    }

    public ArrayOfApiCampaign getSentCampaignsWithActivitySinceDate(XMLGregorianCalendar startDate, Integer select,
                                                                    Integer skip) {
        ArrayOfApiCampaign out = new ArrayOfApiCampaign();
        state.campaignsWithActivitySince(instant(startDate), skip(skip), select(select))
                .forEach(c -> out.getApiCampaign().add(campaign(c)));
        return out;
    }

    public ApiCampaignSummary getCampaignSummary(Integer campaignId) {
        Map<String, Object> m = state.summary(campaignId(campaignId));
        ApiCampaignSummary s = new ApiCampaignSummary();
        s.setDateSent(xml(Dates.parse((String) m.get("dateSent")).orElse(null)));
        s.setNumUniqueOpens((Integer) m.get("numUniqueOpens"));
        s.setNumTotalUniqueOpens((Integer) m.get("numTotalUniqueOpens"));
        s.setNumOpens((Integer) m.get("numOpens"));
        s.setNumTotalOpens((Integer) m.get("numTotalOpens"));
        s.setNumClicks((Integer) m.get("numClicks"));
        s.setNumTotalClicks((Integer) m.get("numTotalClicks"));
        s.setNumPageViews((Integer) m.get("numPageViews"));
        s.setNumTotalPageViews((Integer) m.get("numTotalPageViews"));
        s.setNumHardBounces((Integer) m.get("numHardBounces"));
        s.setNumTotalHardBounces((Integer) m.get("numTotalHardBounces"));
        s.setNumSoftBounces((Integer) m.get("numSoftBounces"));
        s.setNumUnsubscribes((Integer) m.get("numUnsubscribes"));
        s.setNumTotalUnsubscribes((Integer) m.get("numTotalUnsubscribes"));
        s.setNumSent((Integer) m.get("numSent"));
        s.setNumTotalSent((Integer) m.get("numTotalSent"));
        s.setNumRecipientsClicked((Integer) m.get("numRecipientsClicked"));
        s.setNumDelivered((Integer) m.get("numDelivered"));
        s.setNumTotalDelivered((Integer) m.get("numTotalDelivered"));
        s.setPercentageDelivered((Double) m.get("percentageDelivered"));
        s.setPercentageUniqueOpens((Double) m.get("percentageUniqueOpens"));
        s.setPercentageOpens((Double) m.get("percentageOpens"));
        s.setPercentageUnsubscribes((Double) m.get("percentageUnsubscribes"));
        s.setPercentageHardBounces((Double) m.get("percentageHardBounces"));
        s.setPercentageSoftBounces((Double) m.get("percentageSoftBounces"));
        s.setPercentageUsersClicked((Double) m.get("percentageUsersClicked"));
        s.setPercentageClicksToOpens((Double) m.get("percentageClicksToOpens"));
        return s;
    }

    public ArrayOfApiCampaignContactSummary getCampaignActivitiesSinceDate(Integer campaignId,
                                                                           XMLGregorianCalendar startDate,
                                                                           Integer select, Integer skip) {
        ArrayOfApiCampaignContactSummary out = new ArrayOfApiCampaignContactSummary();
        for (Activity a : state.activitiesSince(campaignId(campaignId), instant(startDate), skip(skip),
                select(select))) {
            out.getApiCampaignContactSummary().add(summary(a));
        }
        return out;
    }

    public ApiCampaignContactSummary getCampaignContactActivity(Integer campaignId, Integer contactId) {
        int cid = campaignId(campaignId);
        int contact = contactId == null ? -1 : contactId;
        if (state.contactById(contact).isEmpty()) {
            throw fault("Error: ERROR_CONTACT_NOT_FOUND");
        }
        Activity a = state.contactActivity(cid, contact)
                .orElseThrow(() -> fault("Error: ERROR_CAMPAIGN_ACTIVITY_NOT_FOUND"));
        return summary(a);
    }

    /**
     * One contact's activity on a campaign, every field of ApiCampaignContactSummary: the per-contact operation and
     * the since-date list answer the same row, as the real service does.
     */
    private static ApiCampaignContactSummary summary(Activity a) {
        ApiCampaignContactSummary s = new ApiCampaignContactSummary();
        s.setContactId(a.contactId());
        s.setEmail(a.email());
        s.setNumOpens(a.numOpens());
        s.setNumPageViews(a.numPageViews());
        s.setNumClicks(a.numClicks());
        s.setNumForwards(a.numForwards());
        s.setNumEstimatedForwards(a.numEstimatedForwards());
        s.setNumReplies(a.numReplies());
        s.setDateSent(xml(a.dateSent()));
        s.setDateFirstOpened(xml(a.dateFirstOpened()));
        s.setDateLastOpened(xml(a.dateLastOpened()));
        s.setFirstOpenIp(a.firstOpenIp());
        s.setUnsubscribed(a.unsubscribed());
        s.setSoftBounced(a.softBounced());
        s.setHardBounced(a.hardBounced());
        return s;
    }

    /** The 2013 SOAP operation has no start date: all clicks, paged. */
    public ArrayOfApiCampaignContactClick getCampaignClicks(Integer campaignId, Integer select, Integer skip) {
        ArrayOfApiCampaignContactClick out = new ArrayOfApiCampaignContactClick();
        for (Click c : state.clicksSince(campaignId(campaignId), Instant.EPOCH, skip(skip), select(select))) {
            ApiCampaignContactClick a = new ApiCampaignContactClick();
            a.setContactId(c.contactId());
            a.setEmail(c.email());
            a.setUrl(c.url());
            a.setIpAddress(c.ipAddress());
            a.setUserAgent(c.userAgent());
            a.setDateClicked(xml(c.dateClicked()));
            a.setKeyword(c.keyword());
            out.getApiCampaignContactClick().add(a);
        }
        return out;
    }

    /** The 2013 SOAP operation has no start date: all opens, paged. */
    public ArrayOfApiCampaignContactOpen getCampaignOpens(Integer campaignId, Integer select, Integer skip) {
        ArrayOfApiCampaignContactOpen out = new ArrayOfApiCampaignContactOpen();
        for (Open o : state.opensSince(campaignId(campaignId), Instant.EPOCH, skip(skip), select(select))) {
            ApiCampaignContactOpen a = new ApiCampaignContactOpen();
            a.setContactId(o.contactId());
            a.setEmail(o.email());
            a.setMailClient(o.mailClient());
            a.setMailClientVersion(o.mailClientVersion());
            a.setIpAddress(o.ipAddress());
            a.setUserAgent(o.userAgent());
            a.setIsHtml(o.isHtml());
            a.setIsForward(o.isForward());
            a.setDateOpened(xml(o.dateOpened()));
            out.getApiCampaignContactOpen().add(a);
        }
        return out;
    }

    public ArrayOfApiCampaignContactPageView getCampaignPageViewsSinceDate(Integer campaignId,
                                                                           XMLGregorianCalendar startDate,
                                                                           Integer select, Integer skip) {
        ArrayOfApiCampaignContactPageView out = new ArrayOfApiCampaignContactPageView();
        for (PageView p : state.pageViewsSince(campaignId(campaignId), instant(startDate), skip(skip),
                select(select))) {
            ApiCampaignContactPageView a = new ApiCampaignContactPageView();
            a.setContactId(p.contactId());
            a.setEmail(p.email());
            a.setUrl(p.url());
            a.setDateViewed(xml(p.dateViewed()));
            out.getApiCampaignContactPageView().add(a);
        }
        return out;
    }

    public ArrayOfApiCampaignContactRoiDetail getCampaignRoiDetailsSinceDate(Integer campaignId,
                                                                             XMLGregorianCalendar startDate,
                                                                             Integer select, Integer skip) {
        ArrayOfApiCampaignContactRoiDetail out = new ArrayOfApiCampaignContactRoiDetail();
        for (Roi r : state.roisSince(campaignId(campaignId), instant(startDate), skip(skip), select(select))) {
            ApiCampaignContactRoiDetail a = new ApiCampaignContactRoiDetail();
            a.setContactId(r.contactId());
            a.setEmail(r.email());
            a.setMarkerName(r.markerName());
            a.setDataType(ApiRoiDetailDataTypes.fromValue(r.dataType()));
            a.setValue(r.value());
            a.setDateEntered(xml(r.dateEntered()));
            out.getApiCampaignContactRoiDetail().add(a);
        }
        return out;
    }

    public ApiCampaignSend sendCampaign(ApiCampaignSend send) {
        int cid = campaignId(send.getCampaignId());
        List<Integer> books = send.getAddressBookIds() == null ? List.of()
                : new ArrayList<>(send.getAddressBookIds().getInt());
        List<Integer> contacts = send.getContactIds() == null ? List.of()
                : new ArrayList<>(send.getContactIds().getInt());
        for (int b : books) {
            if (state.addressBook(b).isEmpty()) {
                throw fault("Error: ERROR_ADDRESSBOOK_NOT_FOUND");
            }
        }
        Instant when = send.getSendDate() == null ? state.now() : instant(send.getSendDate());
        return send(emu.sends().start(cid, books, contacts, when, "SOAP"));
    }

    public ApiCampaignSend getCampaignSendProgress(String sendId) {
        return send(emu.sendProgress(sendId).orElseThrow(() -> fault("Error: ERROR_CAMPAIGN_SEND_NOT_FOUND")));
    }

    private static ApiCampaignSend send(CampaignSend s) {
        ApiCampaignSend a = new ApiCampaignSend();
        a.setId(s.id());
        a.setCampaignId(s.campaignId());
        ArrayOfint books = new ArrayOfint();
        books.getInt().addAll(s.addressBookIds());
        a.setAddressBookIds(books);
        ArrayOfint contacts = new ArrayOfint();
        contacts.getInt().addAll(s.contactIds());
        a.setContactIds(contacts);
        a.setSendDate(xml(s.sendDate()));
        a.setStatus(ApiCampaignSendStatuses.fromValue(s.status()));
        return a;
    }
}

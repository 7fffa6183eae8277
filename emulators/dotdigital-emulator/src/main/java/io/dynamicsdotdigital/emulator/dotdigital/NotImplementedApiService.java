package io.dynamicsdotdigital.emulator.dotdigital;

import io.dynamicsdotdigital.dotdigital.soap.v2.ApiService;

/**
 * Every SOAP operation answers a fault until the emulator overrides it, so an unsupported call fails loudly
 * instead of returning an empty result. Written out from the generated {@link ApiService} interface.
 */
abstract class NotImplementedApiService implements ApiService {

    static RuntimeException notImplemented(String operation) {
        return new UnsupportedOperationException(operation + " is not implemented by the emulator");
    }

    @Override
    public com.apiconnector.ArrayOfApiContact getModifiedContacts(javax.xml.datatype.XMLGregorianCalendar startDate, java.lang.Boolean withFullData, java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetModifiedContacts");
    }

    @Override
    public com.apiconnector.ApiResubscribeResult resubscribeContactToAddressBook(java.lang.Integer addressBookId, com.apiconnector.ApiContactResubscription apiContactResubscription) {
        throw notImplemented("ResubscribeContactToAddressBook");
    }

    @Override
    public void sendSingleSmsMessage(java.lang.String telephoneNumber, com.apiconnector.ApiSms sms) {
        throw notImplemented("SendSingleSmsMessage");
    }

    @Override
    public com.apiconnector.ArrayOfApiCampaignContactOpen getCampaignOpens(java.lang.Integer campaignId, java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetCampaignOpens");
    }

    @Override
    public java.lang.String importTransactionalData(java.lang.String dataCollection, com.apiconnector.ArrayOfApiTransactionalData transactionalData) {
        throw notImplemented("ImportTransactionalData");
    }

    @Override
    public com.apiconnector.ArrayOfApiCampaign getCampaigns(java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetCampaigns");
    }

    @Override
    public com.apiconnector.ArrayOfApiCampaignContactSummary getCampaignActivities(java.lang.Integer campaignId, java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetCampaignActivities");
    }

    @Override
    public com.apiconnector.ArrayOfApiCampaignFromAddress getCustomFromAddresses(java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetCustomFromAddresses");
    }

    @Override
    public com.apiconnector.ArrayOfApiContactSuppression getUnsubscribedContacts(javax.xml.datatype.XMLGregorianCalendar startDate, java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetUnsubscribedContacts");
    }

    @Override
    public com.apiconnector.ApiContactImport importContactsToAddressBook(java.lang.Integer addressBookId, byte[] data, java.lang.String dataType) {
        throw notImplemented("ImportContactsToAddressBook");
    }

    @Override
    public com.apiconnector.ApiCampaign copyCampaign(java.lang.Integer campaignId) {
        throw notImplemented("CopyCampaign");
    }

    @Override
    public com.apiconnector.ApiAddressBook updateAddressBook(com.apiconnector.ApiAddressBook apiAddressBook) {
        throw notImplemented("UpdateAddressBook");
    }

    @Override
    public void deleteContactFromAddressBook(java.lang.Integer addressBookId, java.lang.Integer contactId) {
        throw notImplemented("DeleteContactFromAddressBook");
    }

    @Override
    public com.apiconnector.ArrayOfApiAddressBook getAddressBooksForCampaign(java.lang.Integer campaignId, java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetAddressBooksForCampaign");
    }

    @Override
    public com.apiconnector.ApiCampaignSummary getCampaignSummary(java.lang.Integer campaignId) {
        throw notImplemented("GetCampaignSummary");
    }

    @Override
    public com.apiconnector.ApiTransactionalData getTransactionalDataByKey(java.lang.String dataCollection, java.lang.String key) {
        throw notImplemented("GetTransactionalDataByKey");
    }

    @Override
    public com.apiconnector.ApiContact getContactById(java.lang.Integer id) {
        throw notImplemented("GetContactById");
    }

    @Override
    public com.apiconnector.ApiCampaignSend sendCampaign(com.apiconnector.ApiCampaignSend apiCampaignSend) {
        throw notImplemented("SendCampaign");
    }

    @Override
    public com.apiconnector.ApiContactImportReport getContactImportReport(java.lang.String importId) {
        throw notImplemented("GetContactImportReport");
    }

    @Override
    public com.apiconnector.ApiImageFolder createImageFolder(java.lang.Integer folderId, com.apiconnector.ApiImageFolder folder) {
        throw notImplemented("CreateImageFolder");
    }

    @Override
    public com.apiconnector.ApiDocumentFolder createDocumentFolder(java.lang.Integer folderId, com.apiconnector.ApiDocumentFolder folder) {
        throw notImplemented("CreateDocumentFolder");
    }

    @Override
    public com.apiconnector.ArrayOfApiCampaignContactSocialBookmarkView getCampaignContactSocialBookmarkViews(java.lang.Integer campaignId, java.lang.Integer contactId, java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetCampaignContactSocialBookmarkViews");
    }

    @Override
    public void deleteContact(java.lang.Integer id) {
        throw notImplemented("DeleteContact");
    }

    @Override
    public com.apiconnector.ArrayOfApiTemplate getTemplates(java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetTemplates");
    }

    @Override
    public com.apiconnector.ArrayOfApiDataField getDataFields() {
        throw notImplemented("GetDataFields");
    }

    @Override
    public com.apiconnector.ArrayOfApiContact getNewContacts(javax.xml.datatype.XMLGregorianCalendar startDate, java.lang.Boolean withFullData, java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetNewContacts");
    }

    @Override
    public void unsubscribeContactFromAddressBook(java.lang.Integer addressBookId, com.apiconnector.ApiContact apiContact) {
        throw notImplemented("UnsubscribeContactFromAddressBook");
    }

    @Override
    public void replaceTransactionalDataByKey(java.lang.String dataCollection, java.lang.String key, java.lang.String json) {
        throw notImplemented("ReplaceTransactionalDataByKey");
    }

    @Override
    public com.apiconnector.ApiTemplate createTemplate(com.apiconnector.ApiTemplate template) {
        throw notImplemented("CreateTemplate");
    }

    @Override
    public void deleteAddressBook(java.lang.Integer id) {
        throw notImplemented("DeleteAddressBook");
    }

    @Override
    public com.apiconnector.ArrayOfApiAddressBook getAddressBooks(java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetAddressBooks");
    }

    @Override
    public com.apiconnector.ApiDependencyResult deleteDataField(java.lang.String fieldName) {
        throw notImplemented("DeleteDataField");
    }

    @Override
    public com.apiconnector.ApiImageFolder getImageFolderById(java.lang.Integer folderId) {
        throw notImplemented("GetImageFolderById");
    }

    @Override
    public com.apiconnector.ApiAccount getCurrentAccountInfo() {
        throw notImplemented("GetCurrentAccountInfo");
    }

    @Override
    public com.apiconnector.ApiContact updateContact(com.apiconnector.ApiContact apiContact) {
        throw notImplemented("UpdateContact");
    }

    @Override
    public com.apiconnector.ApiTemplate updateTemplate(com.apiconnector.ApiTemplate template) {
        throw notImplemented("UpdateTemplate");
    }

    @Override
    public void attachDocumentToCampaign(java.lang.Integer campaignId, com.apiconnector.ApiDocument document) {
        throw notImplemented("AttachDocumentToCampaign");
    }

    @Override
    public com.apiconnector.ArrayOfApiContact getContacts(java.lang.Boolean withFullData, java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetContacts");
    }

    @Override
    public com.apiconnector.ApiContact createContact(com.apiconnector.ApiContact apiContact) {
        throw notImplemented("CreateContact");
    }

    @Override
    public void deleteTransactionalDataByContact(java.lang.String dataCollection, java.lang.String contactIdentifier) {
        throw notImplemented("DeleteTransactionalDataByContact");
    }

    @Override
    public com.apiconnector.ArrayOfApiContact getModifiedContactsInAddressBook(java.lang.Integer addressBookId, javax.xml.datatype.XMLGregorianCalendar startDate, java.lang.Boolean withFullData, java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetModifiedContactsInAddressBook");
    }

    @Override
    public com.apiconnector.ApiCampaign updateCampaign(com.apiconnector.ApiCampaign apiCampaign) {
        throw notImplemented("UpdateCampaign");
    }

    @Override
    public com.apiconnector.ArrayOfApiDocument getDocuments(java.lang.Integer folderId) {
        throw notImplemented("GetDocuments");
    }

    @Override
    public com.apiconnector.ArrayOfApiCampaignContactPageView getCampaignContactPageViews(java.lang.Integer campaignId, java.lang.Integer contactId, java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetCampaignContactPageViews");
    }

    @Override
    public com.apiconnector.ArrayOfApiTransactionalData getTransactionalDataByContact(java.lang.String dataCollection, java.lang.String contactIdentifier) {
        throw notImplemented("GetTransactionalDataByContact");
    }

    @Override
    public com.apiconnector.ArrayOfApiCampaign getCampaignsForAddressBook(java.lang.Integer addressBookId, java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetCampaignsForAddressBook");
    }

    @Override
    public com.apiconnector.ArrayOfApiContactSuppression getSuppressedContacts(javax.xml.datatype.XMLGregorianCalendar startDate, java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetSuppressedContacts");
    }

    @Override
    public com.apiconnector.ArrayOfApiCampaignContactSocialBookmarkView getCampaignSocialBookmarkViews(java.lang.Integer campaignId, java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetCampaignSocialBookmarkViews");
    }

    @Override
    public com.apiconnector.ArrayOfApiCampaignContactClick getCampaignClicks(java.lang.Integer campaignId, java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetCampaignClicks");
    }

    @Override
    public com.apiconnector.ApiCampaignContactSummary getCampaignContactActivity(java.lang.Integer campaignId, java.lang.Integer contactId) {
        throw notImplemented("GetCampaignContactActivity");
    }

    @Override
    public com.apiconnector.ArrayOfApiCampaignContactReply getCampaignContactReplies(java.lang.Integer campaignId, java.lang.Integer contactId, java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetCampaignContactReplies");
    }

    @Override
    public com.apiconnector.ArrayOfApiDocument getCampaignAttachments(java.lang.Integer campaignId) {
        throw notImplemented("GetCampaignAttachments");
    }

    @Override
    public void detachDocumentFromCampaign(java.lang.Integer campaignId, java.lang.Integer documentId) {
        throw notImplemented("DetachDocumentFromCampaign");
    }

    @Override
    public byte[] getContactImportReportFaults(java.lang.String importId) {
        throw notImplemented("GetContactImportReportFaults");
    }

    @Override
    public com.apiconnector.ArrayOfApiCampaignContactClick getCampaignContactClicks(java.lang.Integer campaignId, java.lang.Integer contactId, java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetCampaignContactClicks");
    }

    @Override
    public com.apiconnector.ArrayOfApiCampaignContactOpen getCampaignContactOpens(java.lang.Integer campaignId, java.lang.Integer contactId, java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetCampaignContactOpens");
    }

    @Override
    public com.apiconnector.ApiCampaign createCampaign(com.apiconnector.ApiCampaign apiCampaign) {
        throw notImplemented("CreateCampaign");
    }

    @Override
    public com.apiconnector.ArrayOfApiDocumentFolder getDocumentFolders() {
        throw notImplemented("GetDocumentFolders");
    }

    @Override
    public com.apiconnector.ArrayOfApiCampaignContactRoiDetail getCampaignContactRoiDetails(java.lang.Integer campaignId, java.lang.Integer contactId, java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetCampaignContactRoiDetails");
    }

    @Override
    public com.apiconnector.ArrayOfApiCampaignContactPageView getCampaignPageViewsSinceDate(java.lang.Integer campaignId, javax.xml.datatype.XMLGregorianCalendar startDate, java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetCampaignPageViewsSinceDate");
    }

    @Override
    public com.apiconnector.ApiResubscribeResult resubscribeContact(com.apiconnector.ApiContactResubscription apiContactResubscription) {
        throw notImplemented("ResubscribeContact");
    }

    @Override
    public com.apiconnector.ArrayOfApiImageFolder getImageFolders() {
        throw notImplemented("GetImageFolders");
    }

    @Override
    public com.apiconnector.ApiTransactionalDataImportReport getTransactionalDataImportReport(java.lang.String importId) {
        throw notImplemented("GetTransactionalDataImportReport");
    }

    @Override
    public void addTransactionalData(java.lang.String dataCollection, com.apiconnector.ApiTransactionalData transactionalData) {
        throw notImplemented("AddTransactionalData");
    }

    @Override
    public void unsubscribeContact(com.apiconnector.ApiContact apiContact) {
        throw notImplemented("UnsubscribeContact");
    }

    @Override
    public javax.xml.datatype.XMLGregorianCalendar getServerTime() {
        throw notImplemented("GetServerTime");
    }

    @Override
    public com.apiconnector.ArrayOfApiContactSuppression getUnsubscribedContactsInAddressBook(java.lang.Integer addressBookId, javax.xml.datatype.XMLGregorianCalendar startDate, java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetUnsubscribedContactsInAddressBook");
    }

    @Override
    public com.apiconnector.ApiTransactionalDataImportStatuses getTransactionalDataProgress(java.lang.String importId) {
        throw notImplemented("GetTransactionalDataProgress");
    }

    @Override
    public com.apiconnector.ArrayOfApiAddressBook getAddressBooksForContact(java.lang.Integer contactId, java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetAddressBooksForContact");
    }

    @Override
    public com.apiconnector.ApiContact addContactToAddressBook(java.lang.Integer addressBookId, com.apiconnector.ApiContact apiContact) {
        throw notImplemented("AddContactToAddressBook");
    }

    @Override
    public void deleteAllContactsFromAddressBook(java.lang.Integer addressBookId) {
        throw notImplemented("DeleteAllContactsFromAddressBook");
    }

    @Override
    public com.apiconnector.ApiDocument uploadDocument(java.lang.Integer folderId, java.lang.String filename, byte[] data) {
        throw notImplemented("UploadDocument");
    }

    @Override
    public com.apiconnector.ApiDataField createDataField(com.apiconnector.ApiDataField dataField) {
        throw notImplemented("CreateDataField");
    }

    @Override
    public com.apiconnector.ApiAddressBook createAddressBook(com.apiconnector.ApiAddressBook apiAddressBook) {
        throw notImplemented("CreateAddressBook");
    }

    @Override
    public com.apiconnector.ArrayOfApiContact getContactsInAddressBook(java.lang.Integer addressBookId, java.lang.Boolean withFullData, java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetContactsInAddressBook");
    }

    @Override
    public java.lang.Integer getAddressBookContactCount(java.lang.Integer id) {
        throw notImplemented("GetAddressBookContactCount");
    }

    @Override
    public com.apiconnector.ApiContactImport getContactImportProgress(java.lang.String importId) {
        throw notImplemented("GetContactImportProgress");
    }

    @Override
    public com.apiconnector.ArrayOfApiCampaignContactRoiDetail getCampaignRoiDetailsSinceDate(java.lang.Integer campaignId, javax.xml.datatype.XMLGregorianCalendar startDate, java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetCampaignRoiDetailsSinceDate");
    }

    @Override
    public com.apiconnector.ApiCampaign getCampaignById(java.lang.Integer id) {
        throw notImplemented("GetCampaignById");
    }

    @Override
    public com.apiconnector.ArrayOfApiCampaign getSentCampaignsWithActivitySinceDate(javax.xml.datatype.XMLGregorianCalendar startDate, java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetSentCampaignsWithActivitySinceDate");
    }

    @Override
    public com.apiconnector.ApiCampaignSend getCampaignSendProgress(java.lang.String sendId) {
        throw notImplemented("GetCampaignSendProgress");
    }

    @Override
    public com.apiconnector.ArrayOfApiCampaignContactSummary getCampaignActivitiesSinceDate(java.lang.Integer campaignId, javax.xml.datatype.XMLGregorianCalendar startDate, java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetCampaignActivitiesSinceDate");
    }

    @Override
    public void deleteTransactionalDataByKey(java.lang.String dataCollection, java.lang.String key) {
        throw notImplemented("DeleteTransactionalDataByKey");
    }

    @Override
    public com.apiconnector.ApiContact getContactByEmail(java.lang.String email) {
        throw notImplemented("GetContactByEmail");
    }

    @Override
    public com.apiconnector.ArrayOfApiContact getCampaignHardBouncingContacts(java.lang.Integer campaignId, java.lang.Boolean withFullData, java.lang.Integer select, java.lang.Integer skip) {
        throw notImplemented("GetCampaignHardBouncingContacts");
    }

    @Override
    public com.apiconnector.ApiTemplate getTemplateById(java.lang.Integer templateId) {
        throw notImplemented("GetTemplateById");
    }

    @Override
    public com.apiconnector.ApiContactImport importContacts(byte[] data, java.lang.String dataType) {
        throw notImplemented("ImportContacts");
    }

    @Override
    public com.apiconnector.ApiImage uploadImage(java.lang.Integer folderId, java.lang.String filename, byte[] data) {
        throw notImplemented("UploadImage");
    }

}

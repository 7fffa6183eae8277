package io.dynamicsdotdigital.emulator;

import io.dynamicsdotdigital.emulator.common.SelfSignedTls;
import io.dynamicsdotdigital.emulator.dataverse.AttributeDefinition;
import io.dynamicsdotdigital.emulator.dataverse.AttributeType;
import io.dynamicsdotdigital.emulator.dataverse.DataverseEmulator;
import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.emulator.dataverse.EmulatedTable;
import io.dynamicsdotdigital.emulator.dataverse.TableDefinition;
import io.dynamicsdotdigital.emulator.dataverse.WriteBackTables;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalEmulator;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Both emulators started from one set of options, and what a client needs to reach them. */
final class RunningEmulators implements AutoCloseable {
    /** The Dataverse tables the seed fills, in the order the quickstart reports them. */
    static final List<String> SEEDED_TABLES = List.of("contact", "lead", "account", "list", "listmember", "campaign");
    /** The write-back target of the quickstart: Dotdigital send summaries as rows, keyed by campaign and contact. */
    static final String SEND_SUMMARY_TABLE = "esc_emailsendsummary";

    private final EmulatorOptions options;
    private final DataverseEmulator dataverse;
    private final DotdigitalEmulator dotdigital;
    private final Path trustStore;
    private final Path certificatePem;

    private RunningEmulators(EmulatorOptions options, DataverseEmulator dataverse, DotdigitalEmulator dotdigital,
                             Path trustStore, Path certificatePem) {
        this.options = options;
        this.dataverse = dataverse;
        this.dotdigital = dotdigital;
        this.trustStore = trustStore;
        this.certificatePem = certificatePem;
    }

    static RunningEmulators start(EmulatorOptions o) {
        Path trustStore = SelfSignedTls.shared().writeTrustStore(o.trustStorePath().toAbsolutePath(),
                o.trustStorePassword);
        Path certificatePem = writePem(trustStore);
        DataverseEmulator dataverse = DataverseEmulator.builder()
                .port(o.dataversePort)
                .https(o.https)
                .seed(DataverseSeed.defaults().contacts(o.contacts).leads(o.leads).accounts(o.accounts)
                        .marketingLists(o.marketingLists).campaigns(o.dynamicsCampaigns).randomSeed(o.randomSeed))
                .build()
                .start();
        dataverse.defineTable(TableDefinition.custom(SEND_SUMMARY_TABLE, "esc_emailsendsummaries",
                "esc_emailsendsummaryid", true,
                AttributeDefinition.of("esc_campaignid", AttributeType.Integer),
                AttributeDefinition.of("esc_contactid", AttributeType.Integer),
                AttributeDefinition.of("esc_email", AttributeType.String),
                AttributeDefinition.of("esc_opens", AttributeType.Integer),
                AttributeDefinition.of("esc_clicks", AttributeType.Integer),
                AttributeDefinition.of("esc_pageviews", AttributeType.Integer),
                AttributeDefinition.of("esc_datesent", AttributeType.DateTime),
                AttributeDefinition.of("esc_datelastopened", AttributeType.DateTime),
                AttributeDefinition.of("esc_unsubscribed", AttributeType.Boolean),
                AttributeDefinition.of("esc_hardbounced", AttributeType.Boolean))
                .withAlternateKey("esc_campaignid", "esc_contactid"));
        // The replaced product's solution entities, so the write-back presets (config-examples/writeback) run here.
        WriteBackTables.defineAll(dataverse);
        shareContacts(dataverse, o.sharedContacts());
        try {
            DotdigitalEmulator dotdigital = DotdigitalEmulator.builder()
                    .port(o.dotdigitalPort)
                    .https(o.https)
                    .seed(DotdigitalSeed.defaults().contacts(o.dotdigitalContacts).addressBooks(o.addressBooks)
                            .campaigns(o.dotdigitalCampaigns).activitiesPerCampaign(o.activitiesPerCampaign)
                            .unsubscribes(o.unsubscribes).suppressions(o.suppressions).randomSeed(o.randomSeed))
                    .build()
                    .start();
            return new RunningEmulators(o, dataverse, dotdigital, trustStore, certificatePem);
        } catch (RuntimeException | Error e) {
            dataverse.close();
            throw e;
        }
    }

    /** The certificate as PEM next to the trust store ({@code x.p12} -> {@code x.pem}), for curl's --cacert. */
    private static Path writePem(Path trustStore) {
        String name = trustStore.getFileName().toString();
        int dot = name.lastIndexOf('.');
        Path pem = trustStore.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".pem");
        try {
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(SelfSignedTls.shared().certificate().getEncoded());
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n",
                    StandardCharsets.US_ASCII);
            return pem;
        } catch (IOException | CertificateEncodingException e) {
            throw new IllegalStateException("Could not write the emulator certificate to " + pem, e);
        }
    }

    /**
     * The same people in both systems, as in a real account: the first {@code n} Dataverse contacts take the emails
     * of the first {@code n} seeded Dotdigital contacts, whose tracking data then links to them (the write-back
     * presets bind rows by email).
     */
    private static void shareContacts(DataverseEmulator dataverse, int n) {
        EmulatedTable contacts = dataverse.table("contact");
        List<String> ids = contacts.ids();
        for (int i = 0; i < n && i < ids.size(); i++) {
            contacts.update(ids.get(i), Map.of("emailaddress1", DotdigitalSeed.email(i)));
        }
    }

    DataverseEmulator dataverse() {
        return dataverse;
    }

    DotdigitalEmulator dotdigital() {
        return dotdigital;
    }

    /** Addresses, credentials and seeded counts, keyed by the names the quickstart's templates use. */
    Map<String, String> connectionInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("DATAVERSE_URL", dataverse.orgUrl());
        info.put("DATAVERSE_WEB_API_URL", dataverse.webApiUrl());
        info.put("DATAVERSE_AUTHORITY", dataverse.authorityUrl());
        info.put("DATAVERSE_TENANT_ID", dataverse.tenantId());
        info.put("DATAVERSE_CLIENT_ID", dataverse.clientId());
        info.put("DATAVERSE_CLIENT_SECRET", dataverse.clientSecret());
        info.put("DOTDIGITAL_URL", dotdigital.baseUrl());
        info.put("DOTDIGITAL_API_ENDPOINT", stripTrailingSlash(dotdigital.accountRegionUrl()));
        info.put("DOTDIGITAL_SOAP_URL", dotdigital.soapUrl());
        info.put("DOTDIGITAL_API_USER", dotdigital.apiUser());
        info.put("DOTDIGITAL_API_PASSWORD", dotdigital.apiPassword());
        info.put("TRUSTSTORE_PATH", trustStore.toString());
        info.put("TRUSTSTORE_PASSWORD", options.trustStorePassword);
        info.put("CA_PEM_PATH", certificatePem.toString());
        info.put("ALLOW_PLAIN_HTTP", Boolean.toString(!options.https));
        for (String table : SEEDED_TABLES) {
            info.put("SEEDED_DATAVERSE_" + table.toUpperCase(java.util.Locale.ROOT),
                    Integer.toString(dataverse.table(table).count()));
        }
        info.put("SEEDED_DOTDIGITAL_CONTACTS", Integer.toString(dotdigital.state().contactCount()));
        info.put("SEEDED_DOTDIGITAL_ADDRESS_BOOKS", Integer.toString(dotdigital.state().addressBooks().size()));
        info.put("SEEDED_DOTDIGITAL_CAMPAIGNS", Integer.toString(dotdigital.state().campaigns().size()));
        info.put("SEEDED_DOTDIGITAL_SUPPRESSIONS", Integer.toString(dotdigital.state().suppressions().size()));
        info.putAll(demoSend());
        return info;
    }

    /**
     * What the quickstart's demo campaign sends use: a seeded Dotdigital campaign, the name of a seeded marketing
     * list of contacts, dynamic if there is one (the list sync mirrors it into an address book of that name), and a
     * seeded contact's email.
     * Empty values when the seed has none, and the quickstart then skips the sends.
     */
    private Map<String, String> demoSend() {
        Map<String, String> demo = new LinkedHashMap<>();
        var campaigns = dotdigital.state().campaigns();
        demo.put("DEMO_SEND_CAMPAIGN_ID", campaigns.isEmpty() ? "" : Integer.toString(campaigns.get(0).id()));
        String listName = "";
        EmulatedTable lists = dataverse.table("list");
        for (String listId : lists.ids()) {
            Map<String, Object> list = lists.get(listId);
            boolean ofContacts = String.valueOf(list.get("createdfromcode")).equals("2");
            // A dynamic list when there is one (its members come from its FetchXML query), else a static one.
            if (ofContacts && (listName.isEmpty() || Boolean.TRUE.equals(list.get("type")))) {
                listName = String.valueOf(list.get("listname"));
            }
        }
        demo.put("DEMO_SEND_LIST", listName);
        String email = "";
        EmulatedTable contacts = dataverse.table("contact");
        for (String contactId : contacts.ids()) {
            Object e = contacts.get(contactId).get("emailaddress1");
            if (e != null && !e.toString().isBlank()) {
                email = e.toString();
                break;
            }
        }
        demo.put("DEMO_SEND_EMAIL", email);
        return demo;
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public void close() {
        try {
            dotdigital.close();
        } finally {
            dataverse.close();
        }
    }
}

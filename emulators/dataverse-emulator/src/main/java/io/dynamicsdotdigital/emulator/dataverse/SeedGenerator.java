package io.dynamicsdotdigital.emulator.dataverse;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Fills the standard tables with deterministic sample data. Rows are imported in batches that share one
 * {@code createdon}/{@code modifiedon} second, as bulk imports stamp them.
 */
final class SeedGenerator {
    private static final String[] FIRST = {"Ada", "Alan", "Grace", "Linus", "Margaret", "Ken", "Barbara", "Dennis",
            "Frances", "Edsger", "Radia", "Tim", "Sophie", "John", "Katherine", "Niklaus", "Hedy", "Donald", "Anita",
            "Bjarne", "Shafi", "Guido", "Joan", "Leslie", "Mary", "Yukihiro", "Sian", "Owen", "Aoife", "Zoë", "José",
            "Chloé", "Mårten", "O'Neil"};
    private static final String[] LAST = {"Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Thompson",
            "Liskov", "Ritchie", "Allen", "Dijkstra", "Perlman", "Berners-Lee", "Wilson", "Backus", "Johnson", "Wirth",
            "Lamarr", "Knuth", "Borg", "Stroustrup", "Goldwasser", "van Rossum", "Clarke", "Lamport", "Keller",
            "Matsumoto", "O'Brien", "Jones", "Murphy", "Müller", "García", "Nakamura"};
    private static final String[] COMPANY_WORDS = {"Northwind", "Contoso", "Fabrikam", "Adventure", "Tailspin",
            "Litware", "Proseware", "Wingtip", "Alpine", "Coho", "Fourth", "Humongous", "Lucerne", "Margie's",
            "Trey", "Wide World", "Blue Yonder", "Graphic Design", "Woodgrove", "Southridge"};
    private static final String[] COMPANY_SUFFIX = {"Traders", "Ltd", "Inc", "Holdings", "Group", "Partners",
            "Systems", "Imports", "Airlines", "Bank", "Publishing", "Vineyard", "Insurance"};
    private static final String[] CITIES = {"London", "Manchester", "Leeds", "Bristol", "Dublin", "Edinburgh",
            "Cardiff", "Seattle", "Redmond", "Paris", "Berlin", "Amsterdam", "Sydney", "Toronto"};
    private static final String[] DOMAINS = {"example.com", "example.org", "example.net", "mail.example.co.uk",
            "contoso.example", "fabrikam.example"};
    private static final String[] JOBS = {"Marketing Manager", "Buyer", "CEO", "Developer", "Analyst",
            "Operations Lead", "Sales Director", "Office Manager", null};

    private final Random random;
    private final DataverseEmulator emulator;
    private Instant clock = Instant.parse("2023-04-07T21:59:01Z");
    private int batchLeft;
    private final List<String> accountIds = new ArrayList<>();
    private final List<String> contactIds = new ArrayList<>();
    private final List<String> leadIds = new ArrayList<>();
    private final String ownerId;
    private final Map<String, Integer> emailCounts = new HashMap<>();

    SeedGenerator(DataverseEmulator emulator, long seed) {
        this.emulator = emulator;
        this.random = new Random(seed);
        this.ownerId = Values.randomGuid(random);
    }

    void generate(DataverseSeed seed) {
        for (int i = 0; i < seed.accounts(); i++) {
            accountIds.add(emulator.table("account").create(account()));
        }
        for (int i = 0; i < seed.contacts(); i++) {
            contactIds.add(emulator.table("contact").create(contact()));
        }
        for (int i = 0; i < seed.leads(); i++) {
            leadIds.add(emulator.table("lead").create(lead()));
        }
        for (int i = 0; i < seed.campaigns(); i++) {
            emulator.table("campaign").create(campaign(i));
        }
        for (int i = 0; i < seed.marketingLists(); i++) {
            marketingList(i);
        }
    }

    /** Moves the import clock: most rows share the second of their batch (sizes 1 to 400). */
    private Instant stamp() {
        if (batchLeft <= 0) {
            clock = clock.plusSeconds(1 + random.nextInt(3600));
            batchLeft = random.nextInt(10) < 3 ? 1 : 1 + random.nextInt(400);
        }
        batchLeft--;
        return clock;
    }

    private Map<String, Object> common(Map<String, Object> row) {
        row.put("id", Values.randomGuid(random));
        Instant created = stamp();
        row.put("createdon", created);
        row.put("modifiedon", random.nextInt(5) == 0 ? created.plusSeconds(random.nextInt(86_400)) : created);
        row.put("ownerid", ownerId);
        return row;
    }

    private Map<String, Object> withKey(Map<String, Object> row, String keyColumn) {
        row.put(keyColumn, row.remove("id"));
        return row;
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private String email(String first, String last) {
        String local = (first + "." + last).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9.]", "");
        String domain = pick(DOMAINS);
        String base = local + "@" + domain;
        int n = emailCounts.merge(base, 1, Integer::sum);
        return n == 1 ? base : local + n + "@" + domain;
    }

    private Map<String, Object> contact() {
        Map<String, Object> row = common(new HashMap<>());
        String first = pick(FIRST);
        String last = pick(LAST);
        row.put("firstname", first);
        row.put("lastname", last);
        row.put("fullname", first + " " + last);
        row.put("emailaddress1", email(first, last));
        row.put("jobtitle", pick(JOBS));
        row.put("telephone1", random.nextInt(4) == 0 ? null : String.format("+44 20 %04d %04d", random.nextInt(10000), random.nextInt(10000)));
        row.put("address1_city", pick(CITIES));
        row.put("address1_country", "United Kingdom");
        row.put("address1_latitude", Math.round((50 + random.nextDouble() * 8) * 1e6) / 1e6);
        row.put("donotbulkemail", random.nextInt(10) == 0);
        row.put("donotemail", random.nextInt(20) == 0);
        row.put("gendercode", random.nextInt(3) == 0 ? null : 1 + random.nextInt(2));
        row.put("preferredcontactmethodcode", 1 + random.nextInt(5));
        row.put("numberofchildren", random.nextInt(4) == 0 ? null : random.nextInt(5));
        row.put("annualincome", random.nextInt(3) == 0 ? null : BigDecimal.valueOf(1_500_000 + random.nextInt(15_000_000), 2));
        row.put("esc_engagementscore", BigDecimal.valueOf(random.nextInt(1_000_000), 4));
        row.put("birthdate", random.nextInt(3) == 0 ? null
                : LocalDate.of(1950 + random.nextInt(55), 1 + random.nextInt(12), 1 + random.nextInt(28)).atStartOfDay().toInstant(ZoneOffset.UTC));
        row.put("description", random.nextInt(5) == 0 ? "Met at \"Expo\", line one\nline two" : null);
        row.put("parentcustomerid", accountIds.isEmpty() || random.nextInt(4) == 0 ? null : accountIds.get(random.nextInt(accountIds.size())));
        boolean inactive = random.nextInt(20) == 0;
        row.put("statecode", inactive ? 1 : 0);
        row.put("statuscode", inactive ? 2 : 1);
        return withKey(row, "contactid");
    }

    private Map<String, Object> lead() {
        Map<String, Object> row = common(new HashMap<>());
        String first = pick(FIRST);
        String last = pick(LAST);
        row.put("firstname", first);
        row.put("lastname", last);
        row.put("fullname", first + " " + last);
        row.put("emailaddress1", email(first, last));
        row.put("companyname", company());
        row.put("subject", "Interested in " + pick(new String[] {"newsletters", "a demo", "pricing", "events"}));
        row.put("donotbulkemail", random.nextInt(10) == 0);
        row.put("donotemail", random.nextInt(20) == 0);
        row.put("leadqualitycode", 1 + random.nextInt(3));
        row.put("revenue", random.nextInt(2) == 0 ? null : BigDecimal.valueOf(random.nextInt(900_000_000), 2));
        row.put("parentaccountid", accountIds.isEmpty() || random.nextInt(3) != 0 ? null : accountIds.get(random.nextInt(accountIds.size())));
        int state = random.nextInt(10) < 8 ? 0 : 1 + random.nextInt(2);
        row.put("statecode", state);
        row.put("statuscode", state == 0 ? 1 : state == 1 ? 3 : 4);
        return withKey(row, "leadid");
    }

    private String company() {
        return pick(COMPANY_WORDS) + " " + pick(COMPANY_SUFFIX);
    }

    private Map<String, Object> account() {
        Map<String, Object> row = common(new HashMap<>());
        String name = company();
        row.put("name", name);
        row.put("emailaddress1", email("info", name.replace(' ', '-') + accountIds.size()));
        row.put("telephone1", String.format("+44 161 %04d %04d", random.nextInt(10000), random.nextInt(10000)));
        row.put("address1_city", pick(CITIES));
        row.put("donotbulkemail", random.nextInt(10) == 0);
        row.put("industrycode", 1 + random.nextInt(33));
        row.put("numberofemployees", 1 + random.nextInt(5000));
        row.put("revenue", BigDecimal.valueOf(random.nextInt(2_000_000_000), 2));
        row.put("statecode", 0);
        row.put("statuscode", 1);
        return withKey(row, "accountid");
    }

    private Map<String, Object> campaign(int i) {
        Map<String, Object> row = common(new HashMap<>());
        row.put("name", pick(new String[] {"Spring", "Summer", "Autumn", "Winter"}) + " " + (2023 + i / 4) + " campaign " + (i + 1));
        row.put("codename", String.format("CMP-%05d", i + 1));
        row.put("description", "Seeded campaign " + (i + 1));
        row.put("typecode", 1 + random.nextInt(5));
        row.put("budgetedcost", BigDecimal.valueOf(random.nextInt(10_000_000), 2));
        Instant start = ((Instant) row.get("createdon")).plusSeconds(86_400L * random.nextInt(30));
        row.put("proposedstart", start);
        row.put("proposedend", start.plusSeconds(86_400L * (7 + random.nextInt(60))));
        row.put("statecode", 0);
        row.put("statuscode", random.nextInt(2) == 0 ? 0 : 2);
        return withKey(row, "campaignid");
    }

    /** Lists cycle: static contacts, static leads, dynamic contacts, static accounts. */
    private void marketingList(int i) {
        int kind = i % 4;
        Map<String, Object> row = common(new HashMap<>());
        boolean dynamic = kind == 2;
        int createdFrom = kind == 1 ? 4 : kind == 3 ? 1 : 2;
        String entity = createdFrom == 4 ? "lead" : createdFrom == 1 ? "account" : "contact";
        row.put("listname", (dynamic ? "Dynamic " : "Static ") + entity + "s " + (i + 1));
        row.put("createdfromcode", createdFrom);
        row.put("type", dynamic);
        row.put("query", dynamic
                ? "<fetch version=\"1.0\" output-format=\"xml-platform\" mapping=\"logical\" distinct=\"false\"><entity name=\"contact\">"
                + "<attribute name=\"fullname\" /><attribute name=\"contactid\" /><filter type=\"and\">"
                + "<condition attribute=\"address1_city\" operator=\"eq\" value=\"London\" /></filter></entity></fetch>"
                : null);
        row.put("purpose", "Seeded list " + (i + 1));
        row.put("lockstatus", false);
        row.put("statecode", 0);
        row.put("statuscode", 0);
        List<String> candidates = createdFrom == 4 ? leadIds : createdFrom == 1 ? accountIds : contactIds;
        List<String> members = new ArrayList<>();
        if (!dynamic) {
            for (String id : candidates) {
                if (random.nextInt(10) == 0) {
                    members.add(id);
                }
            }
        }
        row.put("membercount", members.size());
        String listId = emulator.table("list").create(withKey(row, "listid"));
        for (String member : members) {
            Map<String, Object> m = common(new HashMap<>());
            m.remove("ownerid");
            m.put("listid", listId);
            m.put("entityid", member);
            m.put("entitytype", entity);
            emulator.table("listmember").create(withKey(m, "listmemberid"));
        }
    }
}

package io.dynamicsdotdigital.emulator.dataverse;

/** How much deterministic sample data a new emulator starts with. Immutable; each setter returns a copy. */
public final class DataverseSeed {
    private final int contacts;
    private final int leads;
    private final int accounts;
    private final int marketingLists;
    private final int campaigns;
    private final long randomSeed;

    private DataverseSeed(int contacts, int leads, int accounts, int marketingLists, int campaigns, long randomSeed) {
        this.contacts = nonNegative(contacts, "contacts");
        this.leads = nonNegative(leads, "leads");
        this.accounts = nonNegative(accounts, "accounts");
        this.marketingLists = nonNegative(marketingLists, "marketingLists");
        this.campaigns = nonNegative(campaigns, "campaigns");
        this.randomSeed = randomSeed;
    }

    /** 200 contacts, 50 leads, 20 accounts, 3 marketing lists, 2 campaigns, seed 42. */
    public static DataverseSeed defaults() {
        return new DataverseSeed(200, 50, 20, 3, 2, 42);
    }

    /** No rows at all (tables exist). */
    public static DataverseSeed empty() {
        return new DataverseSeed(0, 0, 0, 0, 0, 42);
    }

    private static int nonNegative(int n, String what) {
        if (n < 0) {
            throw new IllegalArgumentException(what + " must not be negative, was " + n);
        }
        return n;
    }

    public DataverseSeed contacts(int n) {
        return new DataverseSeed(n, leads, accounts, marketingLists, campaigns, randomSeed);
    }

    public DataverseSeed leads(int n) {
        return new DataverseSeed(contacts, n, accounts, marketingLists, campaigns, randomSeed);
    }

    public DataverseSeed accounts(int n) {
        return new DataverseSeed(contacts, leads, n, marketingLists, campaigns, randomSeed);
    }

    public DataverseSeed marketingLists(int n) {
        return new DataverseSeed(contacts, leads, accounts, n, campaigns, randomSeed);
    }

    public DataverseSeed campaigns(int n) {
        return new DataverseSeed(contacts, leads, accounts, marketingLists, n, randomSeed);
    }

    public DataverseSeed randomSeed(long seed) {
        return new DataverseSeed(contacts, leads, accounts, marketingLists, campaigns, seed);
    }

    public int contacts() {
        return contacts;
    }

    public int leads() {
        return leads;
    }

    public int accounts() {
        return accounts;
    }

    public int marketingLists() {
        return marketingLists;
    }

    public int campaigns() {
        return campaigns;
    }

    public long randomSeed() {
        return randomSeed;
    }
}

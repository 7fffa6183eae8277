package io.dynamicsdotdigital.dotdigital.client.model;

import java.util.List;

public record ContactPreferenceOptIns(Contact contact, List<MarketingPreferenceOptIn> marketingPreferenceOptIns) {
    public ContactPreferenceOptIns {
        marketingPreferenceOptIns = marketingPreferenceOptIns == null ? List.of()
                : List.copyOf(marketingPreferenceOptIns);
    }
}

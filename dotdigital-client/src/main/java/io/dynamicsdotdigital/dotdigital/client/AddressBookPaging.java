package io.dynamicsdotdigital.dotdigital.client;

import io.dynamicsdotdigital.dotdigital.client.model.AddressBook;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** Reads every address book, page by page, the same way over either transport. */
public final class AddressBookPaging {
    /** The v2 maximum page size. */
    public static final int PAGE_SIZE = 1000;
    /** Bounds paging: 1000 pages of 1000 is far beyond any real account. */
    static final int MAX_PAGES = 1000;

    private AddressBookPaging() {
    }

    /**
     * @param pageAtSkip reads one page of {@link #PAGE_SIZE} starting at the given skip
     * @param call       names the call in the error when the bound is hit
     */
    public static List<AddressBook> readAll(IntFunction<List<AddressBook>> pageAtSkip, String call) {
        List<AddressBook> all = new ArrayList<>();
        for (int page = 0; page < MAX_PAGES; page++) {
            List<AddressBook> books = pageAtSkip.apply(page * PAGE_SIZE);
            all.addAll(books);
            if (books.size() < PAGE_SIZE) {
                return all;
            }
        }
        throw new DotdigitalApiException("Dotdigital " + call + " returned more than " + MAX_PAGES
                + " full pages; stopped paging", 0, "");
    }
}

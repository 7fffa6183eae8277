package io.dynamicsdotdigital.dynamics.source.lists;

/**
 * A marketing list row as far as membership goes.
 *
 * @param dynamic the list's {@code type}: true for a dynamic list, whose members are whoever its query matches
 * @param query   the list's FetchXML ({@code query}); null for static lists
 */
public record DynamicList(String listId, boolean dynamic, String query) {
}

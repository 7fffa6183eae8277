package io.dynamicsdotdigital.dataverse.client;

import java.util.Set;

/**
 * What a page said besides its rows.
 *
 * @param items          rows plus deletes in the page
 * @param nextLink       the link to the next page, or null on the last page
 * @param deltaLink      the change-tracking link (last page of a tracked read only), or null
 * @param unknownColumns properties of rows that the table's schema does not have (a column added since the schema
 *                       was built); empty normally
 */
public record PageResult(int items, String nextLink, String deltaLink, Set<String> unknownColumns) {
}

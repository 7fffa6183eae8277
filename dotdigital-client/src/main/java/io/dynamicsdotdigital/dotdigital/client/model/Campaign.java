package io.dynamicsdotdigital.dotdigital.client.model;

/**
 * An email campaign.
 *
 * @param fromAddress the from address's email, null when absent
 * @param status      Unsent, Sending, Sent, Paused, Cancelled, ...
 */
public record Campaign(long id, String name, String subject, String fromName, String fromAddress, String status) {
}

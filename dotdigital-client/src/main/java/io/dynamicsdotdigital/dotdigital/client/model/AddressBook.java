package io.dynamicsdotdigital.dotdigital.client.model;

/** An address book (list). {@code contacts} is the member count the API reports. */
public record AddressBook(long id, String name, String visibility, int contacts) {
}

package io.dynamicsdotdigital.dotdigital.client.model;

/** A started import: its id (a GUID) and the API that runs it, enough to poll its status later. */
public record ImportHandle(String importId, ImportApi api) {
}

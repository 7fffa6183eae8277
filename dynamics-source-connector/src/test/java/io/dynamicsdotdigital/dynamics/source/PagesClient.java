package io.dynamicsdotdigital.dynamics.source;

import io.dynamicsdotdigital.dataverse.client.DataverseClient;
import io.dynamicsdotdigital.dataverse.client.EntityKeys;
import io.dynamicsdotdigital.dataverse.client.EntityMetadata;
import io.dynamicsdotdigital.dataverse.client.PageQuery;
import io.dynamicsdotdigital.dataverse.client.PageResult;
import io.dynamicsdotdigital.dataverse.client.RowReader;
import io.dynamicsdotdigital.dataverse.client.WriteRequest;
import io.dynamicsdotdigital.dataverse.client.WriteResult;
import io.dynamicsdotdigital.dataverse.client.webapi.PageParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A {@link DataverseClient} for unit tests of the task's parts: it answers page reads with queued Web API page
 * bodies, streamed through the real client's {@link PageParser}, and metadata with what the test set.
 */
final class PagesClient implements DataverseClient {
    final Deque<String> pages = new ArrayDeque<>();
    final List<PageQuery> queries = new ArrayList<>();
    EntityMetadata metadata;
    int metadataReads;

    PagesClient(EntityMetadata metadata) {
        this.metadata = metadata;
    }

    PagesClient page(String json) {
        pages.add(json);
        return this;
    }

    @Override
    public EntityMetadata metadata(String logicalName) {
        metadataReads++;
        return metadata;
    }

    @Override
    public Optional<EntityKeys> keys(String entitySet) {
        return Optional.empty();
    }

    @Override
    public PageResult readPage(PageQuery query, RowReader rows, String what) {
        queries.add(query);
        String json = pages.poll();
        if (json == null) {
            throw new AssertionError("no page queued for " + query);
        }
        try {
            return PageParser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                    metadata.entitySetName(), rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void probeEntitySet(String entitySet) {
    }

    @Override
    public List<WriteResult> write(List<WriteRequest> requests) {
        throw new UnsupportedOperationException("the source never writes");
    }
}

package io.dynamicsdotdigital.dotdigital.sink;

import io.dynamicsdotdigital.dotdigital.sink.config.DotdigitalSinkConfig;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/** One sink task. TODO(step 2): bulk import pipeline; until then it refuses records instead of pretending. */
public class DotdigitalSinkTask extends SinkTask {
    private DotdigitalSinkConfig config;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new DotdigitalSinkConfig(props);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (!records.isEmpty()) {
            throw new ConnectException("the Dotdigital sink task cannot write records yet (bulk path not built)");
        }
    }

    @Override
    public void stop() {
        config = null;
    }
}

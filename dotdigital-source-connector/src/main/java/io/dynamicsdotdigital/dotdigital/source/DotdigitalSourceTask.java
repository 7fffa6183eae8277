package io.dynamicsdotdigital.dotdigital.source;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/** Reads the streams assigned to it in sync cycles. */
public class DotdigitalSourceTask extends SourceTask {
    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        // TODO(step 1): the stream readers land with the Dotdigital client; until then a task refuses to run.
        throw new ConnectException("Dotdigital source task is not implemented yet in this build");
    }

    @Override
    public List<SourceRecord> poll() {
        return null;
    }

    @Override
    public void stop() {
    }
}

package io.dynamicsdotdigital.dynamics;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/** Reads the tables assigned to it. (Reading is being built; until then the task refuses to start.) */
public class DynamicsSourceTask extends SourceTask {
    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        throw new ConnectException("The Dynamics source task is not implemented yet");
    }

    @Override
    public List<SourceRecord> poll() {
        return null;
    }

    @Override
    public void stop() {
    }
}

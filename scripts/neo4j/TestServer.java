// A throwaway Neo4j Community server for Maillage's tests: in-process Neo4j (neo4j-harness,
// from Maven Central) with Bolt on 127.0.0.1:<port>, no authentication, no HTTP, data in a
// temporary directory. It runs until it is killed. Run by scripts/neo4j/server.
import java.nio.file.Files;
import java.nio.file.Path;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

public class TestServer {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args.length > 0 ? args[0] : "7687");
        Path dir = Files.createTempDirectory("maillage-neo4j");
        Neo4j neo4j = Neo4jBuilders.newInProcessBuilder(dir)
                .withDisabledServer()
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .withConfig(GraphDatabaseSettings.auth_enabled, false)
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(neo4j::close));
        System.out.println("ready " + neo4j.boltURI());
        System.out.flush();
        Thread.currentThread().join();
    }
}

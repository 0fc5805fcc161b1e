import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;

/**
 * Prints "group topic-partition offset" for every committed offset of every consumer group, read
 * from the broker through its host listener (the compose test's check that offsets survive a
 * `down` and `up`). Run with the Kafka jars on the class path: java -cp 'libs/*' ConsumerOffsets.java host:port
 */
public class ConsumerOffsets {
  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", args[0]);
    try (Admin admin = Admin.create(props)) {
      for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
        admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get()
            .forEach((partition, offset) -> System.out.println(group.groupId() + " " + partition + " " + (offset == null ? -1 : offset.offset())));
      }
    }
  }
}

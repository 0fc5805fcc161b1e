import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Prints the value of every record of a topic, one a line, from its start to its end as of now,
 * with Kafka's own client (kafkajs stays inside libs/shared/messaging); no consumer group, so it
 * moves no one's offsets. Arguments: brokers, topic.
 */
public class TopicReader {
  public static void main(String[] args) {
    Properties props = new Properties();
    props.put("bootstrap.servers", args[0]);
    props.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    props.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    props.put("enable.auto.commit", "false");
    props.put("allow.auto.create.topics", "false");
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = new ArrayList<>();
      List<PartitionInfo> infos = consumer.partitionsFor(args[1], Duration.ofSeconds(30));
      if (infos != null) for (PartitionInfo info : infos) partitions.add(new TopicPartition(info.topic(), info.partition()));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      long deadline = System.currentTimeMillis() + 60_000;
      while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
        if (System.currentTimeMillis() > deadline) throw new IllegalStateException(args[1] + " not read to its end within 60 s");
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) System.out.println(record.value());
      }
    }
  }
}

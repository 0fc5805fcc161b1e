import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes raw bytes no contract allows onto a topic, with Kafka's own client (kafkajs stays inside
 * libs/shared/messaging). Arguments: brokers, then (topic, key, value) triples.
 */
public class PoisonProducer {
  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", args[0]);
    props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    props.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    props.put("acks", "all");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      for (int i = 1; i + 2 < args.length; i += 3) producer.send(new ProducerRecord<>(args[i], args[i + 1], args[i + 2])).get();
    }
  }
}

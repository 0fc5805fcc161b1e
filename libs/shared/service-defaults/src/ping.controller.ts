import { Controller } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { MessagePattern } from '@nestjs/microservices';
import { PING_PATTERN, PingReply } from '@bazaar/contracts';

@Controller()
export class PingController {
  constructor(private readonly config: ConfigService) {}

  @MessagePattern(PING_PATTERN)
  ping(): PingReply {
    return { service: this.config.getOrThrow<string>('SERVICE_NAME'), ok: true };
  }
}

import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { ConfigModule, HealthController, RedisModule } from '@app/platform';

@Module({
  imports: [ConfigModule, PersistenceModule, RedisModule],
  controllers: [HealthController],
})
export class AppModule {}

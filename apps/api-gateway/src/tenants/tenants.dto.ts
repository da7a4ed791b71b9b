import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class CreateTenantDto {
  @IsString() @IsNotEmpty() @MaxLength(256)
  name: string;
}

export interface CreatedTenantResponse {
  id: string;
  name: string;
  apiKey: string;
  apiKeyId: string;
}

export interface CreatedApiKeyResponse {
  id: string;
  apiKey: string;
}

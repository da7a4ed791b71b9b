import { CanActivate, ExecutionContext, ForbiddenException, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest as Request } from 'fastify';
import { AppConfig } from '@app/config';
import { ApiKeyCache, TokenRevocations, UserTokenClaims, UserTokens } from '@app/platform';
import { credentialOf, looksLikeJwt } from './credentials';

export interface AuthenticatedRequest extends Request {
  tenantId?: string;
  /** The API key a tenant request came with (user tokens record which key minted them). */
  apiKeyId?: string;
  user?: UserTokenClaims;
}

type Kind = 'admin' | 'tenant' | 'user';

/** Works out what kind of credential a request carries, so each guard can tell 401 (none valid) from 403 (wrong kind). */
@Injectable()
export class CredentialClassifier {
  private readonly adminDigest?: Buffer;

  constructor(config: AppConfig, private readonly keys: ApiKeyCache, private readonly tokens: UserTokens, private readonly revocations: TokenRevocations) {
    this.adminDigest = config.adminToken ? digest(config.adminToken) : undefined;
  }

  get adminEnabled(): boolean {
    return this.adminDigest !== undefined;
  }

  async classify(request: AuthenticatedRequest): Promise<Kind | undefined> {
    const credential = credentialOf(request);
    if (!credential) return undefined;
    if (this.adminDigest && timingSafeEqual(digest(credential), this.adminDigest)) return 'admin';
    if (looksLikeJwt(credential)) {
      const claims = this.tokens.verify(credential);
      request.user = claims && (await this.revocations.isCurrent(claims)) ? claims : undefined;
      return request.user ? 'user' : undefined;
    }
    const owner = await this.keys.ownerOf(credential);
    request.tenantId = owner?.tenantId;
    request.apiKeyId = owner?.keyId;
    return request.tenantId ? 'tenant' : undefined;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Subclasses repeat the constructor: Nest reads injection metadata from each class's own constructor. */
abstract class KindGuard implements CanActivate {
  protected abstract readonly kind: Kind;
  constructor(protected readonly classifier: CredentialClassifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const kind = await this.classifier.classify(context.switchToHttp().getRequest());
    if (kind === undefined) throw new UnauthorizedException('missing or invalid credentials');
    if (kind !== this.kind) throw new ForbiddenException(`this endpoint needs ${this.kind === 'admin' ? 'the admin token' : `a ${this.kind} credential`}, not a ${kind} one`);
    return true;
  }
}

@Injectable()
export class TenantGuard extends KindGuard {
  protected readonly kind = 'tenant';
  constructor(classifier: CredentialClassifier) {
    super(classifier);
  }
}

@Injectable()
export class UserGuard extends KindGuard {
  protected readonly kind = 'user';
  constructor(classifier: CredentialClassifier) {
    super(classifier);
  }
}

/** The admin API exists only when ADMIN_TOKEN is set; otherwise its routes answer 404. */
@Injectable()
export class AdminGuard extends KindGuard {
  protected readonly kind = 'admin';
  constructor(classifier: CredentialClassifier) {
    super(classifier);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.classifier.adminEnabled) throw new NotFoundException('the admin API is disabled (ADMIN_TOKEN is not set)');
    return super.canActivate(context);
  }
}

import { randomUUID } from 'node:crypto';
import type { SignerRole, VerificationMethod } from '../box/schemas';
import { ControlError } from '../errors';
import { isRecord } from '../http';

/**
 * Box Sign templates. Box's API only reads them (`GET /sign_templates`, `GET /sign_templates/{id}`); they are made in
 * Box's web app, so here through the control API (`POST /_emulator/sign_templates`). A template signer with an
 * e-mail may carry the password and phone the template's creator gave; one without needs them from each request.
 */

export interface TemplateSignerSpec {
  email: string | null;
  role: SignerRole;
  order: number;
  label: string | null;
  public_id: string;
  is_in_person: boolean;
  signer_group_id: string | null;
  is_password_required: boolean;
  is_phone_number_required: boolean;
  login_required: boolean;
  verification_method: VerificationMethod | null;
  /** What the template's creator gave for a signer with an e-mail (write-only, never rendered). */
  password: string | null;
  phone_number: string | null;
}

export interface StoredTemplate {
  id: string;
  name: string | null;
  email_subject: string | null;
  email_message: string | null;
  days_valid: number | null;
  parent_folder_id: string;
  source_file_ids: string[];
  are_fields_locked: boolean;
  are_options_locked: boolean;
  are_recipients_locked: boolean;
  are_email_settings_locked: boolean;
  are_files_locked: boolean;
  signers: TemplateSignerSpec[];
}

/** The control API's body for a new template: Box's template fields, the signers' requirements among them. */
export interface NewTemplate {
  name?: string;
  email_subject?: string;
  email_message?: string;
  days_valid?: number;
  parent_folder_id?: string;
  source_file_ids?: string[];
  are_fields_locked?: boolean;
  are_options_locked?: boolean;
  are_recipients_locked?: boolean;
  are_email_settings_locked?: boolean;
  are_files_locked?: boolean;
  signers: {
    email?: string | null;
    role?: SignerRole;
    order?: number;
    label?: string;
    is_in_person?: boolean;
    signer_group_id?: string;
    is_password_required?: boolean;
    is_phone_number_required?: boolean;
    login_required?: boolean;
    verification_method?: VerificationMethod | null;
    password?: string;
    phone_number?: string;
  }[];
}

const ROLES: readonly SignerRole[] = ['signer', 'approver', 'final_copy_reader'];
const invalid = (message: string): ControlError => new ControlError(400, { error: 'invalid_template', message });

function str(raw: Record<string, unknown>, key: string): string | null {
  const value = raw[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw invalid(`'${key}' must be a string`);
  return value;
}

function bool(raw: Record<string, unknown>, key: string): boolean {
  const value = raw[key] ?? false;
  if (typeof value !== 'boolean') throw invalid(`'${key}' must be true or false`);
  return value;
}

function method(raw: unknown, at: string): VerificationMethod | null {
  if (raw === undefined || raw === null) return null;
  if (!isRecord(raw) || !['phone', 'login', 'cac_piv'].includes(raw.type as string)) {
    throw invalid(`'${at}.verification_method' must be {type: phone | login | cac_piv, phone_number?}`);
  }
  if (raw.type !== 'phone') return { type: raw.type as VerificationMethod['type'] };
  if (typeof raw.phone_number !== 'string') return { type: 'phone' };
  return { type: 'phone', phone_number: raw.phone_number };
}

function parseSigner(raw: unknown, i: number): TemplateSignerSpec {
  const at = `signers[${i}]`;
  if (!isRecord(raw)) throw invalid(`'${at}' must be an object`);
  const role = raw.role ?? 'signer';
  if (!ROLES.includes(role as SignerRole)) throw invalid(`'${at}.role' must be one of ${ROLES.join(', ')}`);
  const order = raw.order ?? i + 1;
  if (typeof order !== 'number' || !Number.isInteger(order) || order < 0) {
    throw invalid(`'${at}.order' must be a whole number, 0 or more`);
  }
  return {
    email: str(raw, 'email'),
    role: role as SignerRole,
    order,
    label: str(raw, 'label'),
    public_id: randomUUID().slice(0, 8).toUpperCase(),
    is_in_person: bool(raw, 'is_in_person'),
    signer_group_id: str(raw, 'signer_group_id'),
    is_password_required: bool(raw, 'is_password_required'),
    is_phone_number_required: bool(raw, 'is_phone_number_required'),
    login_required: bool(raw, 'login_required'),
    verification_method: method(raw.verification_method, at),
    password: str(raw, 'password'),
    phone_number: str(raw, 'phone_number'),
  };
}

export function parseNewTemplate(raw: Record<string, unknown>, id: string): StoredTemplate {
  if (!Array.isArray(raw.signers) || raw.signers.length === 0) throw invalid("'signers' must be a non-empty array");
  const files = raw.source_file_ids ?? [];
  if (!Array.isArray(files) || files.some((f) => typeof f !== 'string')) {
    throw invalid("'source_file_ids' must be a list of file ids");
  }
  const days = raw.days_valid ?? null;
  if (days !== null && (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > 730)) {
    throw invalid("'days_valid' must be a whole number from 0 to 730");
  }
  return {
    id,
    name: str(raw, 'name'),
    email_subject: str(raw, 'email_subject'),
    email_message: str(raw, 'email_message'),
    days_valid: days,
    parent_folder_id: str(raw, 'parent_folder_id') ?? '100000000002',
    source_file_ids: files as string[],
    are_fields_locked: bool(raw, 'are_fields_locked'),
    are_options_locked: bool(raw, 'are_options_locked'),
    are_recipients_locked: bool(raw, 'are_recipients_locked'),
    are_email_settings_locked: bool(raw, 'are_email_settings_locked'),
    are_files_locked: bool(raw, 'are_files_locked'),
    signers: raw.signers.map(parseSigner),
  };
}

/** The enterprise's templates, in creation order. */
export class TemplateStore {
  private templates = new Map<string, StoredTemplate>();
  private seq = 4206996024;

  add(raw: Record<string, unknown>): StoredTemplate {
    const template = parseNewTemplate(raw, `${this.seq++}-${randomUUID()}`);
    this.templates.set(template.id, template);
    return template;
  }

  find(id: string): StoredTemplate | undefined {
    return this.templates.get(id);
  }

  list(): StoredTemplate[] {
    return [...this.templates.values()];
  }

  reset(): void {
    this.templates.clear();
  }

  snapshot(): StoredTemplate[] {
    return this.list();
  }

  restore(templates: StoredTemplate[] | undefined): void {
    this.templates = new Map((templates ?? []).map((t) => [t.id, t]));
  }
}

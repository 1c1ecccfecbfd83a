import { z } from 'zod';
import { OPTIONAL_CALLBACK_EVENTS } from './callback';

/**
 * SKELETON (shape only): the one input schema. The schema work replaces this file's rules with the full, strict
 * set (every rule of validation.ts, plus the stricter ones) and derives the TypeScript types from it.
 */

const signerSchema = z.strictObject({
  email: z.string(),
  role: z.enum(['signer', 'approver', 'final_copy_reader']).optional(),
  order: z.number().int().min(0).optional(),
  verificationPhoneNumber: z.string().optional(),
  password: z.string().optional(),
  isInPerson: z.boolean().optional(),
  embedUrlExternalUserId: z.string().optional(),
  redirectUrl: z.string().optional(),
  declinedRedirectUrl: z.string().optional(),
  loginRequired: z.boolean().optional(),
  signerGroupId: z.string().optional(),
  suppressNotifications: z.boolean().optional(),
  language: z.string().optional(),
});

const prefillTagSchema = z.strictObject({
  documentTagId: z.string(),
  textValue: z.string().optional(),
  checkboxValue: z.boolean().optional(),
  dateValue: z.string().optional(),
});

export const callbackSchema = z.strictObject({
  url: z.string(),
  events: z.array(z.enum(OPTIONAL_CALLBACK_EVENTS)).optional(),
});

export const signRequestInputSchema = z.strictObject({
  businessKey: z.string(),
  signers: z.array(signerSchema),
  sourceFiles: z.array(z.strictObject({ id: z.string() })).optional(),
  templateId: z.string().optional(),
  parentFolder: z.strictObject({ id: z.string() }),
  name: z.string().optional(),
  emailSubject: z.string().optional(),
  emailMessage: z.string().optional(),
  daysValid: z.number().int().optional(),
  areRemindersEnabled: z.boolean().optional(),
  areTextSignaturesEnabled: z.boolean().optional(),
  isDocumentPreparationNeeded: z.boolean().optional(),
  isPhoneVerificationRequiredToView: z.boolean().optional(),
  redirectUrl: z.string().optional(),
  declinedRedirectUrl: z.string().optional(),
  externalSystemName: z.string().optional(),
  signatureColor: z.enum(['blue', 'black', 'red']).optional(),
  prefillTags: z.array(prefillTagSchema).optional(),
  polling: z
    .strictObject({
      initialIntervalMs: z.number().optional(),
      backoffCoefficient: z.number().optional(),
      maximumIntervalMs: z.number().optional(),
    })
    .optional(),
  deadline: z.string().optional(),
  reminderPolicy: z.strictObject({ afterDays: z.number(), maxReminders: z.number().int() }).optional(),
  maxHistoryEventsPerRun: z.number().int().optional(),
  callback: callbackSchema.optional(),
});

import type { SignRequestInput } from '../../contracts';
import { validateSignRequestInput } from '../../contracts';
import { uploadDocument } from '../documents';
import { InvalidSignRequestInputError } from '../errors';
import type { CliContext } from './context';
import { CliInputError } from './errors';

/**
 * `start --file`: each file is uploaded to the input's folder as its sender (once: the same bytes under the same name
 * are found, not uploaded again), and the input is started with the uploaded ids as `sourceFiles`. The input is
 * checked first with stand-in ids, so that an input that would be refused uploads nothing.
 */
export async function withUploadedFiles(
  ctx: CliContext,
  input: SignRequestInput,
  files: readonly string[],
): Promise<SignRequestInput> {
  if (input.sourceFiles !== undefined || input.templateId !== undefined) {
    throw new CliInputError('--file gives the documents: the input must have neither sourceFiles nor templateId');
  }
  const issues = validateSignRequestInput({ ...input, sourceFiles: files.map(() => ({ id: '1' })) });
  if (issues.length > 0) throw new InvalidSignRequestInputError(issues);
  const { box, allowedSenders, maxBytes } = ctx.documentUploads();
  const sourceFiles: { id: string }[] = [];
  for (const file of files) {
    const uploaded = await uploadDocument({
      file,
      folderId: input.parentFolder.id,
      ...(input.sender === undefined ? {} : { senderBoxUserId: input.sender.boxUserId }),
      box,
      allowedSenders,
      maxBytes,
    });
    ctx.note(
      `${file}: Box file ${uploaded.fileId} (${uploaded.created ? 'uploaded' : 'already there, not uploaded again'}, sha256 ${uploaded.sha256})`,
    );
    sourceFiles.push({ id: uploaded.fileId });
  }
  return { ...input, sourceFiles };
}

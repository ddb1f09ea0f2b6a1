import { errorMessage } from '../errors/index.js';
import type { LicenseTestConfig } from './config-types.js';
import type { ImageProbe } from './image-probe.js';
import { checkResult, type StructureCheckResult } from './report.js';

/** Where Debian packages keep their copyright files. */
const DEBIAN_DOCS = '/usr/share/doc';
/** Packages the Go tool passes whatever their copyright file says. */
const ALLOWED_PACKAGES = ['libgnutls30'];
/** Words that fail a licence file (compared in upper case), as in the Go tool. */
const REFUSED_WORDS = ['AGPL', 'WTFPL'];

/**
 * The Go tool's licence test: with `debian`, every package folder under
 * /usr/share/doc must hold a `copyright` file; each such file and each of
 * `files` must not mention a refused licence (AGPL, WTFPL).
 */
export async function runLicenseTest(
  probe: ImageProbe,
  source: string,
  test: LicenseTestConfig,
): Promise<StructureCheckResult> {
  const errors: string[] = [];
  const checkFile = async (file: string, content?: Buffer) => {
    let text: string;
    try {
      text = (content ?? (await probe.readFile(file))).toString('utf8').toUpperCase();
    } catch (error) {
      errors.push(`Error reading license file for ${file}: ${errorMessage(error)}`);
      return;
    }
    const word = REFUSED_WORDS.find((w) => text.includes(w));
    if (word) errors.push(`Invalid license for ${file}, license contains ${word}`);
  };
  if (test.debian) {
    const entries = (await probe.archive(DEBIAN_DOCS)) ?? [];
    // The archive of /usr/share/doc names entries doc/<package>/...
    const packages = entries.filter((e) => e.type === 'directory' && /^[^/]+\/[^/]+\/?$/.test(e.path));
    const files = new Map(entries.map((e) => [e.path, e]));
    for (const entry of packages) {
      const name = entry.path.replace(/\/$/, '').split('/')[1] ?? '';
      if (ALLOWED_PACKAGES.includes(name)) continue;
      const file = `${DEBIAN_DOCS}/${name}/copyright`;
      const copyright = files.get(`doc/${name}/copyright`);
      if (!copyright) {
        errors.push(`Error reading license file for ${name}: File ${file} not found in image`);
        errors.push(`Error reading license file for ${file}: File ${file} not found in image`);
        continue;
      }
      await checkFile(file, copyright.type === 'file' ? copyright.content : undefined);
    }
  }
  for (const file of test.files) await checkFile(file);
  return checkResult('License Test', 'license', source, errors);
}

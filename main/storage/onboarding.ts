import { join } from 'node:path'
import { z } from 'zod'
import { OnboardingModel } from '../../preload/contract/models'
import { createVersionedFile } from './json-file'
import type { StorageFs } from './disk'

/** The onboarding wizard's progress, saved at each step so it resumes after a restart. No secret in it. */
export function createOnboardingFile(userDataDir: string, fs?: StorageFs) {
  return createVersionedFile({
    id: 'onboarding',
    fs,
    path: join(userDataDir, 'onboarding.json'),
    schemaVersion: 1,
    schema: z.object({ current: OnboardingModel.nullable() }),
    defaults: () => ({ current: null }),
    label: 'onboarding progress'
  })
}

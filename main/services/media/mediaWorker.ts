// The media worker's entry: tools/workerSources.mjs bundles it into the code mediaWorkers.ts starts.
import { serveTasks } from '../common/workerPool';
import { lowerOwnThread } from './importThreads';
import { mediaTaskSchema, performMediaTask } from './mediaWork';

// Hashing and metadata are an import's background work, like its pixel work (importThreads.ts).
lowerOwnThread();
serveTasks((task) => performMediaTask(mediaTaskSchema.parse(task)));

/** The ChatBackend contract on the in-memory backend view-model tests use. */
import { MemoryBackend } from '../view-models/memory-backend.js'
import { chatBackendContract } from './chat-backend-contract.js'

chatBackendContract('MemoryBackend', async () => Promise.resolve({ backend: new MemoryBackend(), close: async () => {} }))

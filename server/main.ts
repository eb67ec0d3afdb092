import { startFromEnv } from './start'

/** The server's entry point (`npm run serve`, `npm start`); start.ts says which environment it reads. */
startFromEnv().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})

import { crowdSuite } from './crowd-suite.js';

crowdSuite();

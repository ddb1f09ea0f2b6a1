import { suiteFile } from './suite-file.js';

suiteFile('08');

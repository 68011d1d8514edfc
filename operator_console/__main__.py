import sys

from operator_console.app import main

sys.exit(main())

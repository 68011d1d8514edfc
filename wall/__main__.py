import sys

from wall.app import main

sys.exit(main())
